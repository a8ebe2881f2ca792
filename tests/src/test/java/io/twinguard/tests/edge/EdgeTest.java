package io.twinguard.tests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.examples.demo.TwinClient;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defects an attacker found at the broker's edge, each played against the real broker over TLS
 * with raw bytes: every refusal is problem+json with a decision id that is in the audit log, and
 * nothing refused reaches a twin.
 */
class EdgeTest {

  static final String DOORS = "/v1/twins/building-hq/gateway/doors/open";
  static final String PREDICT = "/v1/twins/hvac-room-12/model/thermal/predict";

  static EdgeBroker edge;
  static RawHttps fire;
  static RawHttps room;

  @BeforeAll
  static void start() throws Exception {
    edge = new EdgeBroker();
    fire = edge.client("fire-system");
    room = edge.client("room-12");
  }

  @AfterAll
  static void stop() throws Exception {
    edge.close();
  }

  /** A signed door command of the fire system, as raw bytes, with extra or replaced headers. */
  static byte[] doorCommand(String purpose, byte[] body, String... extra) {
    TwinClient.Signed signed = sign(body);
    List<String[]> headers = new ArrayList<>(List.of(
        new String[] {"Host", "127.0.0.1:" + edge.port()},
        new String[] {"Twin-Purpose", purpose},
        new String[] {"Content-Type", "application/json"},
        new String[] {"Content-Length", Integer.toString(body.length)},
        new String[] {"Content-Digest", signed.contentDigest()},
        new String[] {"Signature-Input", signed.signatureInput()},
        new String[] {"Signature", signed.signature()},
        new String[] {"Connection", "close"}));
    for (int i = 0; i < extra.length; i += 2) {
      headers.add(new String[] {extra[i], extra[i + 1]});
    }
    return EdgeBroker.request("POST", DOORS, headers, body);
  }

  static TwinClient.Signed sign(byte[] body) {
    String digest = ContentDigest.create(body, DigestAlgorithm.SHA_256);
    SignatureFields signature = new MessageSigner(edge.ecosystem.twin("fire-system").keyPair().getPrivate()).sign(
        new HttpRequest("POST", URI.create("https://127.0.0.1:" + edge.port() + DOORS),
            HttpFields.of("content-type", "application/json", ContentDigest.FIELD, digest), body),
        "twin", SignatureParams.builder(List.of(ComponentId.METHOD, ComponentId.TARGET_URI,
            ComponentId.field("content-type"), ComponentId.field("content-digest")))
            .created(EdgeBroker.CLOCK.instant()).nonce(UUID.randomUUID().toString())
            .keyid(edge.ecosystem.twin("fire-system").spiffeId()).build());
    return new TwinClient.Signed(signature.signatureInput(), signature.signature(), digest);
  }

  static byte[] door() {
    return new JsonObject().put("door", "door:1").encode().getBytes(StandardCharsets.UTF_8);
  }

  /** The answer is a refusal with {@code status}: problem+json, a decision id that is recorded, no stack. */
  static RawHttps.Answer assertRecordedRefusal(RawHttps.Answer answer, int status) {
    assertEquals(status, answer.status(), answer.text());
    assertEquals("application/problem+json", answer.headers().get("content-type"), answer.text());
    String decisionId = answer.headers().get("twin-decision-id");
    assertNotNull(decisionId, "every refusal carries a decision id");
    assertTrue(edge.recorded(decisionId), "decision " + decisionId + " is in the audit log");
    assertEquals(decisionId, new JsonObject(answer.text()).getString("instance"));
    assertFalse(answer.text().contains("Exception") || answer.text().contains("\tat "), answer.text());
    assertFalse(edge.forwarded.contains(decisionId), "nothing refused reaches a twin");
    return answer;
  }

  @Test
  void purposeLongerThanTheRecordTakes_isRefusedBeforeAnythingMoves() throws Exception {
    RawHttps.Answer answer = fire.send(doorCommand("dpv:" + "A".repeat(596), door()));

    assertRecordedRefusal(answer, 400);
  }

  @Test
  void commandWhenTheLogFailsItsFirstRecord_isNotForwarded() throws Exception {
    edge.audit.failNext = true;
    int forwardedBefore = edge.forwarded.size();

    RawHttps.Answer answer = fire.send(doorCommand("dpv:VitalInterest", door()));

    assertEquals(503, answer.status(), answer.text());
    assertEquals("https://twinguard.io/problems/audit-unavailable", new JsonObject(answer.text()).getString("type"));
    assertEquals(forwardedBefore, edge.forwarded.size(), "no audit log, no forwarding: not even the first call");
  }

  @Test
  void methodNotAllowed_unknownPath_andAdminForNonAdmins_areRecorded() throws Exception {
    List<String[]> headers = List.of(new String[] {"Host", "127.0.0.1:" + edge.port()},
        new String[] {"Connection", "close"});

    assertRecordedRefusal(room.send(EdgeBroker.request("GET", PREDICT, headers, new byte[0])), 405);
    assertRecordedRefusal(room.send(EdgeBroker.request("GET", "/nothing/here", headers, new byte[0])), 404);
    RawHttps.Answer admin = assertRecordedRefusal(
        room.send(EdgeBroker.request("GET", "/v1/admin/registry", headers, new byte[0])), 403);
    String id = admin.headers().get("twin-decision-id");
    assertTrue(edge.audit.records.stream().anyMatch(r -> id.equals(r.getString("decision_id"))
        && "spiffe://city.example/twin/room-12".equals(r.getString("caller"))), "the record names who asked");
  }

  @Test
  void mediaTypesThatOnlyStartLikeJson_areUnsupported() throws Exception {
    for (String type : List.of("application/json-seq", "application/jsonx")) {
      byte[] body = door();
      List<String[]> headers = List.of(new String[] {"Host", "127.0.0.1:" + edge.port()},
          new String[] {"Twin-Purpose", "dpv:ServiceProvision"}, new String[] {"Content-Type", type},
          new String[] {"Content-Length", Integer.toString(body.length)}, new String[] {"Connection", "close"});

      assertRecordedRefusal(room.send(EdgeBroker.request("POST", PREDICT, headers, body)), 415);
    }
  }

  @Test
  void signatureThatExpiredFiveSecondsAgo_isRefused() throws Exception {
    byte[] body = door();
    String digest = ContentDigest.create(body, DigestAlgorithm.SHA_256);
    SignatureFields expired = new MessageSigner(edge.ecosystem.twin("fire-system").keyPair().getPrivate()).sign(
        new HttpRequest("POST", URI.create("https://127.0.0.1:" + edge.port() + DOORS),
            HttpFields.of("content-type", "application/json", ContentDigest.FIELD, digest), body),
        "twin", SignatureParams.builder(List.of(ComponentId.METHOD, ComponentId.TARGET_URI,
            ComponentId.field("content-type"), ComponentId.field("content-digest")))
            .created(EdgeBroker.CLOCK.instant().minusSeconds(30)).expires(EdgeBroker.CLOCK.instant().minusSeconds(5))
            .nonce(UUID.randomUUID().toString()).keyid(edge.ecosystem.twin("fire-system").spiffeId()).build());
    List<String[]> headers = List.of(new String[] {"Host", "127.0.0.1:" + edge.port()},
        new String[] {"Twin-Purpose", "dpv:VitalInterest"}, new String[] {"Content-Type", "application/json"},
        new String[] {"Content-Length", Integer.toString(body.length)}, new String[] {"Content-Digest", digest},
        new String[] {"Signature-Input", expired.signatureInput()}, new String[] {"Signature", expired.signature()},
        new String[] {"Connection", "close"});

    assertRecordedRefusal(fire.send(EdgeBroker.request("POST", DOORS, headers, body)), 401);
  }

  @Test
  void bodyThatIsNotUtf8_isRefusedAndNotForwarded() throws Exception {
    byte[] body = {'{', '"', 'd', 'o', 'o', 'r', '"', ':', '"', 'x', (byte) 0xff, (byte) 0xfe, '"', '}'};

    assertRecordedRefusal(fire.send(doorCommand("dpv:VitalInterest", body)), 400);
  }

  @Test
  void twoHostLines_areRefused() throws Exception {
    assertRecordedRefusal(fire.send(doorCommand("dpv:VitalInterest", door(), "Host", "elsewhere.example")), 400);
  }

  @Test
  void whatTheHttpCodecRefuses_isProblemJsonWithARecordedDecisionId() throws Exception {
    String host = "Host: 127.0.0.1:" + edge.port() + "\r\n";
    List<String> malformed = List.of(
        "GET /health HTTP/1.1\r\n" + host + "X-Bad: a\u0001b\r\n\r\n",
        "GET /health HTTP/1.1\r\n" + host + "X-Bad : spaced\r\n\r\n",
        "GET /health HTTP/1.1\r\n" + host + "no colon here\r\n\r\n",
        "POST " + PREDICT + " HTTP/1.1\r\n" + host + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "GET /v1/twins/%zz/model/thermal/predict HTTP/1.1\r\n" + host + "\r\n",
        "OPTIONS * HTTP/1.1\r\n" + host + "\r\n");
    for (String request : malformed) {
      RawHttps.Answer answer = room.send(request.getBytes(StandardCharsets.ISO_8859_1));
      assertTrue(answer.status() >= 400 && answer.status() < 500, request + " -> " + answer.status());
      assertRecordedRefusal(answer, answer.status());
    }
    String longTarget = "GET /v1/twins/" + "a".repeat(5000) + " HTTP/1.1\r\n" + host + "\r\n";
    assertRecordedRefusal(room.send(longTarget.getBytes(StandardCharsets.ISO_8859_1)), 414);
    String bigHeaders = "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(9000) + "\r\n\r\n";
    assertRecordedRefusal(room.send(bigHeaders.getBytes(StandardCharsets.ISO_8859_1)), 431);
  }

  /**
   * An HTTP version Vert.x does not know never reaches the broker's handlers: Vert.x answers 501
   * itself and closes the connection (Http1xServerRequestHandler). No decision id is handed out and
   * nothing is decided or forwarded; the answer is the one refusal that is not problem+json.
   */
  @Test
  void unknownHttpVersion_isRefusedByVertxWithoutADecision() throws Exception {
    int recordsBefore = edge.audit.records.size();

    RawHttps.Answer answer = room.send(("GET /health HTTP/9.9\r\nHost: 127.0.0.1:" + edge.port() + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));

    assertEquals(501, answer.status());
    assertEquals(null, answer.headers().get("twin-decision-id"));
    assertEquals(recordsBefore, edge.audit.records.size());
  }

  @Test
  void allowedCommand_isForwardedOnceAndAnsweredWithItsDecisionId() throws Exception {
    RawHttps.Answer answer = fire.send(doorCommand("dpv:VitalInterest", door()));

    assertEquals(200, answer.status(), answer.text());
    String id = answer.headers().get("twin-decision-id");
    assertTrue(edge.forwarded.contains(id));
    assertEquals(List.of("forwarding", "decision"), edge.audit.records.stream()
        .filter(r -> id.equals(r.getString("decision_id"))).map(r -> r.getString("kind")).toList());
  }
}
