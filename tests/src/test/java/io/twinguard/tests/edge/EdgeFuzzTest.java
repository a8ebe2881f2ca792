package io.twinguard.tests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A seeded, bounded mutation fuzzer of the broker's edge: valid requests (a read, a signed door
 * command) are mutated in their method, target, headers, signature and body, sent as raw bytes over
 * TLS (a request that promises more body than it sends is closed on the client's side, and gets no
 * answer), and
 * every answer is checked. Asserts: no stack trace or Java class name in any body; every refusal is
 * problem+json with a decision id; nothing refused reaches a twin (the twins count what reaches
 * them; the log says how each call ended); every decision id handed out is in the audit log; no
 * internal error. {@code -Dfuzz.cases=N} and {@code -Dfuzz.seed=S} change the run.
 */
class EdgeFuzzTest {

  static final Pattern LEAK = Pattern.compile("\\tat |Exception|java\\.|javax\\.|io\\.vertx|io\\.netty|io\\.twinguard\\.");
  static final String PREDICT = "/v1/twins/hvac-room-12/model/thermal/predict";
  static final String DOORS = "/v1/twins/building-hq/gateway/doors/open";

  /** One request as parts, to mutate. */
  static final class Request {
    String method;
    String target;
    final List<String[]> headers = new ArrayList<>();
    byte[] body;

    /** Whether a Content-Length promises more body than there is: the broker would wait for the rest. */
    boolean promisesMore() {
      return headers.stream().filter(h -> h[0].equals("Content-Length: ")).anyMatch(h -> {
        try {
          return Long.parseLong(h[1].trim()) > body.length;
        } catch (NumberFormatException e) {
          return false;
        }
      });
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      headers.forEach(h -> head.append(h[0]).append(h[1]).append("\r\n"));
      out.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
      return out.toByteArray();
    }
  }

  @Test
  void mutatedRequests_neverLeakNorForwardWhatIsRefused_andEveryDecisionIdIsRecorded() throws Exception {
    int cases = Integer.getInteger("fuzz.cases", 1000);
    long seed = Long.getLong("fuzz.seed", 20261202L);
    EdgeBroker edge = new EdgeBroker();
    try {
      Random random = new Random(seed);
      RawHttps room = edge.client("room-12");
      RawHttps fire = edge.client("fire-system");
      TwinClient fireSigner = edge.signer("fire-system");
      Map<String, Integer> handedOut = new HashMap<>();
      Map<Integer, Integer> statuses = new TreeMap<>();
      long started = System.nanoTime();
      for (int i = 0; i < cases; i++) {
        boolean command = random.nextBoolean();
        Request request = command ? doorCommand(edge, fireSigner) : read(edge);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
          mutate(request, random);
        }
        RawHttps.Answer answer = (command ? fire : room).send(request.bytes(), request.promisesMore());
        statuses.merge(answer.status(), 1, Integer::sum);
        String text = answer.text();
        assertTrue(!LEAK.matcher(text).find(), "case " + i + " leaks: " + text);
        String id = answer.headers().get("twin-decision-id");
        if (answer.status() >= 400 && answer.status() != 501) {
          assertEquals("application/problem+json", answer.headers().get("content-type"), "case " + i + ": " + text);
          assertTrue(id != null, "case " + i + ": a refusal without decision id: " + answer.status());
        }
        if (id != null) {
          handedOut.put(id, answer.status());
        }
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("edge fuzz: %d cases in %d ms (seed %d), statuses %s, %d forwarded%n", cases, millis, seed,
          statuses, edge.forwarded.size());
      for (String id : handedOut.keySet()) {
        assertTrue(edge.recorded(id), "decision " + id + " was handed out but is not in the log");
      }
      for (String id : edge.forwarded) {
        assertTrue(allowed(edge, id), "decision " + id + " reached a twin but its record says it was refused");
      }
      assertEquals(null, statuses.get(500), "no internal errors: " + statuses);
      fireSigner.close();
    } finally {
      edge.close();
    }
  }

  /**
   * Whether the log says the call was allowed: its decision record is an allow, or it was refused
   * only after forwarding (the target's answer is recorded). A client that hung up before its
   * answer came never sees one, so the log is the judge, not the answers.
   */
  static boolean allowed(EdgeBroker edge, String id) {
    return edge.audit.records.stream()
        .filter(r -> id.equals(r.getString("decision_id")) && "decision".equals(r.getString("kind")))
        .anyMatch(r -> "allow".equals(r.getString("decision")) || r.getInteger("upstream_status") != null);
  }

  static Request read(EdgeBroker edge) {
    Request r = new Request();
    r.method = "POST";
    r.target = PREDICT;
    r.body = new JsonObject().put("outdoor_c", 3).encode().getBytes(StandardCharsets.UTF_8);
    header(r, "Host", "127.0.0.1:" + edge.port());
    header(r, "Twin-Purpose", "dpv:ServiceProvision");
    header(r, "Content-Type", "application/json");
    header(r, "Content-Length", Integer.toString(r.body.length));
    header(r, "Connection", "close");
    return r;
  }

  static Request doorCommand(EdgeBroker edge, TwinClient signer) {
    JsonObject payload = new JsonObject().put("door", "door:2");
    TwinClient.Signed signed = signer.sign("building-hq/gateway/doors/open", payload);
    Request r = new Request();
    r.method = "POST";
    r.target = DOORS;
    r.body = payload.toBuffer().getBytes();
    header(r, "Host", "127.0.0.1:" + edge.port());
    header(r, "Twin-Purpose", "dpv:VitalInterest");
    header(r, "Content-Type", "application/json");
    header(r, "Content-Length", Integer.toString(r.body.length));
    header(r, "Content-Digest", signed.contentDigest());
    header(r, "Signature-Input", signed.signatureInput());
    header(r, "Signature", signed.signature());
    header(r, "Connection", "close");
    return r;
  }

  static void header(Request r, String name, String value) {
    r.headers.add(new String[] {name + ": ", value});
  }

  static final String[] METHODS = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "P0ST", "POST POST", "HEAD"};
  static final String[] TARGET_BITS = {"%", "%zz", "%00", "*", "/..", "//", " ", "?x=1", "#f", "\u00e9", "%2F", ";a"};
  static final String[] VALUE_BITS = {"\r", "\n", "\u0000", "\u0001", "\u007f", ",", ";", "\"", "\u00ff", "  "};
  static final Set<String> SIGNED = Set.of("Signature: ", "Signature-Input: ", "Content-Digest: ");

  /** Applies one random mutation to {@code r}. */
  static void mutate(Request r, Random random) {
    switch (random.nextInt(12)) {
      case 0 -> r.method = METHODS[random.nextInt(METHODS.length)];
      case 1 -> r.target = insert(r.target, TARGET_BITS[random.nextInt(TARGET_BITS.length)], random);
      case 2 -> r.target = r.target.replace("hvac-room-12", "nobody").replace("doors", "windows");
      case 3 -> {
        if (!r.headers.isEmpty()) {
          r.headers.remove(random.nextInt(r.headers.size()));
        }
      }
      case 4 -> {
        if (!r.headers.isEmpty()) {
          r.headers.add(r.headers.get(random.nextInt(r.headers.size())).clone());
        }
      }
      case 5 -> {
        if (!r.headers.isEmpty()) {
          String[] h = r.headers.get(random.nextInt(r.headers.size()));
          h[1] = insert(h[1], VALUE_BITS[random.nextInt(VALUE_BITS.length)], random);
        }
      }
      case 6 -> {
        if (!r.headers.isEmpty()) {
          String[] h = r.headers.get(random.nextInt(r.headers.size()));
          h[0] = random.nextBoolean() ? h[0].replace(": ", " : ") : h[0].replace(": ", " ");
        }
      }
      case 7 -> r.headers.stream().filter(h -> SIGNED.contains(h[0])).findAny()
          .ifPresent(h -> h[1] = flip(h[1], random));
      case 8 -> r.headers.stream().filter(h -> h[0].equals("Signature-Input: ")).findAny()
          .ifPresent(h -> h[1] = h[1].replaceFirst("nonce=\"[^\"]*\"", random.nextBoolean() ? "nonce=\"\"" : "nonce=\"x\"")
              .replaceFirst("created=\\d+", "created=" + random.nextInt(Integer.MAX_VALUE)));
      case 9 -> {
        if (r.body.length > 0) {
          r.body = r.body.clone();
          r.body[random.nextInt(r.body.length)] = (byte) random.nextInt(256);
        }
      }
      case 10 -> r.body = random.nextBoolean()
          ? java.util.Arrays.copyOf(r.body, random.nextInt(r.body.length + 1))
          : (new String(r.body, StandardCharsets.ISO_8859_1) + "{\"x\":" + random.nextInt() + "}")
              .getBytes(StandardCharsets.ISO_8859_1);
      default -> r.headers.stream().filter(h -> h[0].equals("Content-Length: ")).findAny()
          .ifPresent(h -> h[1] = Integer.toString(Math.max(0, r.body.length + random.nextInt(5) - 2)));
    }
  }

  static String insert(String text, String bit, Random random) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + bit + text.substring(at);
  }

  static String flip(String text, Random random) {
    if (text.isEmpty()) {
      return "x";
    }
    char[] chars = text.toCharArray();
    int at = random.nextInt(chars.length);
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    return new String(chars);
  }
}
