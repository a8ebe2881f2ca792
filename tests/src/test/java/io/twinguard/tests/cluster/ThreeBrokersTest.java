package io.twinguard.tests.cluster;

import static io.twinguard.tests.cluster.Brokers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.LegacyBusApi;
import io.twinguard.broker.admin.AdminApi;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.broker.answer.SignAnswer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers in JVMs of their own share the nonces, the actuator leases, the mode and the
 * registry with its adapted twins.
 */
class ThreeBrokersTest {

  @TempDir static Path dir;
  static Brokers brokers;

  @BeforeAll
  static void start() throws Exception {
    brokers = Brokers.start(dir, Brokers.Layout.threeForTests(), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (brokers != null) {
      brokers.stop();
    }
  }

  @Test
  void ready_everyBroker_isAMemberOfTheClusterOfThree() throws Exception {
    for (int i = 0; i < 3; i++) {
      TwinClient.Answer ready = await(brokers.client("room-12", i).get("/ready"));

      assertEquals(200, ready.status(), ready.body().toString());
      JsonObject cluster = ready.json().getJsonObject("checks").getJsonObject("cluster");
      assertEquals(3, cluster.getInteger("members"), cluster.encode());
      assertEquals(200, await(brokers.client("room-12", i).get("/metrics")).status());
    }
  }

  @Test
  void call_signedNonceReplayedToAnotherBroker_isRefused() throws Exception {
    JsonObject open = new JsonObject().put("door", "door:2");
    TwinClient.Signed signed = brokers.client("fire-system", 0).sign("building-hq/gateway/doors/open", open);
    Brokers.Answer first = brokers.sendAs(0, 0, signed, open);
    assertEquals(200, first.status(), first.body());

    for (int other : new int[] {1, 2}) {
      Brokers.Answer replayed = brokers.sendAs(0, other, signed, open);

      assertEquals(401, replayed.status(), replayed.body());
      assertEquals("https://twinguard.io/problems/replay", new JsonObject(replayed.body()).getString("type"));
    }
  }

  @Test
  void command_fireAtOneBroker_holdsTheDoorsAgainstHvacAtAnother() throws Exception {
    JsonObject door = new JsonObject().put("door", "door:1");
    TwinClient.Answer fire = await(brokers.client("fire-system", 0).call("building-hq/gateway/doors/open",
        "dpv:VitalInterest", null, door, true));
    assertEquals(200, fire.status(), fire.body().toString());

    TwinClient.Answer hvac = await(brokers.client("hvac-room-12", 1).call("building-hq/gateway/doors/close",
        "dpv:ServiceProvision", null, door, true));

    assertEquals(409, hvac.status(), hvac.body().toString());
    assertEquals("spiffe://city.example/twin/fire-system", hvac.json().getString("holder"));
    assertEquals(100, hvac.json().getInteger("holder_priority"));
  }

  @Test
  void mode_emergencySwitchedAtOneBroker_isInForceAtEveryBrokerWhenItAnswers() throws Exception {
    try {
      TwinClient.Answer switched = await(brokers.client(Ecosystem.ADMIN, 2).request(HttpMethod.PUT,
          AdminApi.PREFIX + "/mode", new JsonObject().put("mode", "emergency")));
      assertEquals(200, switched.status(), switched.body().toString());

      for (int i = 0; i < 3; i++) {
        TwinClient.Answer hvac = await(brokers.client("hvac-room-12", i).call("building-hq/gateway/doors/close",
            "dpv:ServiceProvision", null, new JsonObject().put("door", "door:2"), true));
        TwinClient.Answer mode = await(brokers.client(Ecosystem.ADMIN, i).get(AdminApi.PREFIX + "/mode"));

        assertEquals(403, hvac.status(), "broker-" + i + ": " + hvac.body());
        assertEquals("emergency", mode.json().getString("mode"));
      }
    } finally {
      await(brokers.client(Ecosystem.ADMIN, 0).request(HttpMethod.PUT, AdminApi.PREFIX + "/mode",
          new JsonObject().put("mode", "normal")));
    }
  }

  /**
   * A twin reached through the rest-mapping adapter (the bus company's legacy API, a real HTTP
   * server here) put at broker 0 is served through broker 1 and 2 as soon as the admin API answers:
   * each broker decoded the declaration and started its adapter before it acknowledged. Switched to
   * format v2 at broker 2 (v1 retired), the next call at broker 0 and 1 is served in v2.
   */
  @Test
  void putTwin_adaptedTwinAtOneBroker_isCallableThroughEveryBrokerWhenItAnswers() throws Exception {
    try (LegacyBusApi legacy = new LegacyBusApi(brokers.vertx)) {
      TwinClient.Answer put = await(brokers.client(Ecosystem.ADMIN, 0).request(HttpMethod.PUT,
          AdminApi.PREFIX + "/twins/bus-open-data", busTwin(legacy.baseUrl(), "v1")));
      assertEquals(200, put.status(), put.body().toString());

      for (int i : new int[] {1, 2}) {
        TwinClient.Answer answer = await(brokers.client("room-12", i).call(ARRIVALS, "dpv:ServiceOptimisation", null,
            STOP, true));
        assertEquals(200, answer.status(), "broker-" + i + ": " + answer.body());
        assertEquals(LegacyBusApi.ETA_MIN * 60, arrival(answer).getDouble("due_in_s"), 1e-9);
      }
      legacy.retireV1();
      TwinClient.Answer switched = await(brokers.client(Ecosystem.ADMIN, 2).request(HttpMethod.PUT,
          AdminApi.PREFIX + "/twins/bus-open-data", busTwin(legacy.baseUrl(), "v2")));
      assertEquals(200, switched.status(), switched.body().toString());

      for (int i : new int[] {0, 1}) {
        TwinClient.Answer answer = await(brokers.client("room-12", i).call(ARRIVALS, "dpv:ServiceOptimisation", null,
            STOP, true));
        assertEquals(200, answer.status(), "broker-" + i + ": " + answer.body());
        assertEquals(LegacyBusApi.ETA_S, arrival(answer).getDouble("due_in_s"), 1e-9);
      }
    } finally {
      await(brokers.client(Ecosystem.ADMIN, 1).request(HttpMethod.DELETE, AdminApi.PREFIX + "/twins/bus-open-data",
          null));
    }
  }

  static final String ARRIVALS = "bus-open-data/data/arrivals/arrivals";
  static final JsonObject STOP = new JsonObject().put("stop", "Central Station").put("limit", 1);

  /** The bus company's arrivals through the rest-mapping adapter, in format {@code version}. */
  static JsonObject busTwin(String baseUrl, String version) {
    return Declarations.twin("registry/city-arrivals.yaml", Map.of("BASE_URL", baseUrl, "VERSION", version))
        .put("blocks", new JsonArray().add(new JsonObject().put("kind", "data").put("name", "arrivals")
            .put("ip_class", "open").put("operations", new JsonObject().put("arrivals", new JsonObject()))));
  }

  static JsonObject arrival(TwinClient.Answer answer) {
    return answer.json().getJsonArray("arrivals").getJsonObject(0);
  }

  /**
   * Bounded, seeded load of signed calls (every nonce goes through the cluster) on the three brokers while broker 1 is killed (SIGKILL) after a third of
   * the calls and started again after two thirds: every call gets an answer (200, or 503) or, at the
   * dead broker only, a connection failure, within the timeout; every acknowledged call is in the
   * audit log of the broker that acknowledged it; the logs stay dense; and the restarted broker is a
   * member again, refusing a nonce used at another broker.
   */
  @Test
  void kill_oneBrokerUnderLoad_everyAcknowledgedCallIsInTheLogAndItRejoins() throws Exception {
    Random random = new Random(21);
    List<TwinClient> clients = List.of(brokers.client("room-12", 0), brokers.client("room-12", 1),
        brokers.client("room-12", 2));
    List<List<String>> acknowledged = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int calls = 240;
    int refused = 0;
    int errors = 0;
    int errorsAtOthers = 0;
    for (int batch = 0; batch < calls / 6; batch++) {
      if (batch == calls / 18) {
        brokers.broker(1).kill();
      } else if (batch == 2 * calls / 18) {
        brokers.broker(1).restart();
      }
      List<Integer> targets = new ArrayList<>();
      List<Future<TwinClient.Answer>> sent = new ArrayList<>();
      for (int k = 0; k < 6; k++) {
        int target = random.nextInt(3);
        targets.add(target);
        sent.add(clients.get(target).call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
            new JsonObject().put("outdoor_c", random.nextInt(30)).put("occupants", 1 + random.nextInt(9)), true)
            .timeout(15, TimeUnit.SECONDS));
      }
      await(Future.join(sent).otherwiseEmpty());
      for (int k = 0; k < 6; k++) {
        Future<TwinClient.Answer> answer = sent.get(k);
        if (answer.failed()) {
          errors++;
          errorsAtOthers += targets.get(k) == 1 ? 0 : 1;
        } else if (answer.result().status() == 200) {
          acknowledged.get(targets.get(k)).add(answer.result().headers().get(SignAnswer.DECISION_ID));
        } else {
          assertEquals(503, answer.result().status(), answer.result().body().toString());
          refused++;
        }
      }
    }
    brokers.awaitReady(1);

    int inLog = 0;
    for (int i = 0; i < 3; i++) {
      inLog += new AuditLogs(brokers).recorded(i, acknowledged.get(i));
      assertTrue(new AuditLogs(brokers).dense(i), "broker-" + i + "'s log has a gap");
    }
    int acknowledgedCalls = acknowledged.stream().mapToInt(List::size).sum();
    System.out.printf("cluster faults (SIGKILL broker-1, restart): calls %d, acknowledged %d, in the log %d,"
        + " refused %d, errors %d (at the other brokers %d)%n", calls, acknowledgedCalls, inLog, refused, errors,
        errorsAtOthers);
    assertEquals(acknowledgedCalls, inLog, "every acknowledged call is in its broker's log");
    assertEquals(0, errorsAtOthers, "the brokers that stayed answered every call");
    assertEquals(calls, acknowledgedCalls + refused + errors);
    JsonObject open = new JsonObject().put("door", "door:2");
    TwinClient.Signed signed = brokers.client("fire-system", 2).sign("building-hq/gateway/doors/open", open);
    assertEquals(200, brokers.sendAs(2, 2, signed, open).status());
    assertEquals(401, brokers.sendAs(2, 1, signed, open).status(), "the restarted broker shares the nonces again");
  }
}
