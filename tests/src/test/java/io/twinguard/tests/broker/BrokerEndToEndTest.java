package io.twinguard.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.Broker;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.admin.AdminApi;
import io.twinguard.common.yaml.Yaml;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.registry.Twin;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.broker.server.Routes;
import io.twinguard.broker.forward.SseParser;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpResponse;
import io.twinguard.signing.httpsig.KeyResolver;
import io.twinguard.signing.httpsig.MessageVerifier;
import io.twinguard.signing.httpsig.SignatureFields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker end to end on loopback: real mutual TLS with certificates of a fresh ecosystem CA, the
 * example twins serving HTTPS, the bundled Rego policies evaluated in-process, RFC 9421 signatures
 * both ways. The audit trail is recorded in memory here; the audit log's own tests cover storage.
 */
class BrokerEndToEndTest {

  static final Clock CLOCK = Clock.systemUTC();

  static Vertx vertx;
  static Ecosystem ecosystem;
  static Ecosystem.Running twins;
  static PolicyEngine engine;
  static final AtomicReference<PolicyEngine> activeEngine = new AtomicReference<>();
  static final RecordingAuditTrail audit = new RecordingAuditTrail();
  static Broker broker;
  static final Map<String, TwinClient> clients = new HashMap<>();

  @BeforeAll
  static void startEcosystem() throws Exception {
    vertx = Vertx.vertx();
    ecosystem = Ecosystem.create(CLOCK);
    twins = await(ecosystem.startTwins(vertx));
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
    activeEngine.set(engine);
    PolicyEngine switchable = new PolicyEngine() {
      @Override
      public Future<io.twinguard.policies.Decision> decide(JsonObject input) {
        return activeEngine.get().decide(input);
      }

      @Override
      public String revision() {
        return activeEngine.get().revision();
      }

      @Override
      public void close() {
        activeEngine.get().close();
      }
    };
    broker = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(twins.registry()),
            FixtureConsents.parseYaml(Ecosystem.consentFixtures()), switchable, audit),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        CLOCK));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void restoreDefaults() {
    audit.records.clear();
    audit.up = true;
    activeEngine.set(engine);
    broker.mode(PolicyInputs.Mode.NORMAL);
  }

  @Test
  void allowedCall_isForwardedAndAnswerSignedByBroker() throws Exception {
    TwinClient.Answer answer = call("room-12", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
        new JsonObject().put("outdoor_c", 10.0).put("occupants", 4));

    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals(20.7, answer.json().getDouble("predicted_c"));
    verifyBrokerSignature(answer);
    JsonObject record = audit.last();
    assertEquals(answer.headers().get("twin-decision-id"), record.getString("decision_id"));
    assertEquals("allow", record.getString("decision"));
    assertEquals("spiffe://city.example/twin/room-12", record.getString("caller"));
  }

  @Test
  void employerReadingHealthData_isDeniedByEthicsEvenWithConsent() throws Exception {
    TwinClient.Answer answer = call("acme-hr", "citizen-ada/data/health/read", "dpv:HumanResourceManagement", "citizen-ada", null);

    assertEquals(403, answer.status());
    JsonObject problem = answer.json();
    assertEquals("https://twinguard.io/problems/denied", problem.getString("type"));
    assertTrue(problem.getJsonArray("reasons").stream().anyMatch(r -> "ethics".equals(((JsonObject) r).getString("policy"))), problem.encode());
    verifyBrokerSignature(answer);
    assertEquals("deny", audit.last().getString("decision"));
    assertEquals(List.of("consent-ada-employer"), audit.last().getJsonArray("consents").getList());
  }

  @Test
  void buildingBookingWithMentalHealthConsent_getsAnswerWithoutUnconsentedLocation() throws Exception {
    TwinClient.Answer answer = call("building-hq", "citizen-ada/data/health/read", "dpv:ServiceProvision", "citizen-ada", null);

    assertEquals(200, answer.status(), answer.body().toString());
    assertTrue(answer.json().getBoolean("claustrophobia"));
    assertFalse(answer.json().containsKey("home_floor"), answer.body().toString());
    verifyBrokerSignature(answer);
  }

  @Test
  void callWithoutClientCertificate_isUnauthenticated() throws Exception {
    WebClient anonymous = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(ecosystem.caTrustOptions()));
    var response = await(anonymous.post(broker.port(), "127.0.0.1", Routes.CALLS + "/hvac-room-12/model/thermal/predict")
        .putHeader("Twin-Purpose", "dpv:ServiceProvision")
        .sendJsonObject(new JsonObject().put("outdoor_c", 1)));
    TwinClient.Answer answer = new TwinClient.Answer(response.statusCode(), response.headers(), response.body());

    assertEquals(401, answer.status());
    assertEquals("https://twinguard.io/problems/unauthenticated", answer.json().getString("type"));
    assertNull(audit.last().getString("caller"));
  }

  @Test
  void unknownTwin_is404() throws Exception {
    TwinClient.Answer answer = call("room-12", "nobody/data/x/read", "dpv:ServiceProvision", null, null);

    assertEquals(404, answer.status());
    assertEquals("https://twinguard.io/problems/unknown-twin", answer.json().getString("type"));
  }

  @Test
  void payloadViolatingSchema_is422WithViolations() throws Exception {
    TwinClient.Answer answer = call("room-12", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
        new JsonObject().put("outdoor_c", "warm"));

    assertEquals(422, answer.status());
    assertFalse(answer.json().getJsonArray("violations").isEmpty());
  }

  @Test
  void missingPurpose_is400() throws Exception {
    TwinClient.Answer answer = call("room-12", "hvac-room-12/model/thermal/predict", null, null, new JsonObject().put("outdoor_c", 1));

    assertEquals(400, answer.status());
    assertTrue(answer.json().getString("detail").contains("Twin-Purpose"));
  }

  @Test
  void gatewayCommandWithoutSignature_isRefused() throws Exception {
    TwinClient.Answer answer = call("fire-system", "building-hq/gateway/doors/open", "dpv:VitalInterest", null, new JsonObject().put("door", "door:1"));

    assertEquals(401, answer.status());
    assertEquals("https://twinguard.io/problems/bad-signature", answer.json().getString("type"));
  }

  @Test
  void fireWinsDoors_hvacIsToldWhy_andReplayIsRefused() throws Exception {
    JsonObject open = new JsonObject().put("door", "door:2");
    TwinClient.Signed fire = twin("fire-system").sign("building-hq/gateway/doors/open", open);
    TwinClient.Answer fireAnswer = await(twin("fire-system").send(
        "building-hq/gateway/doors/open", "dpv:VitalInterest", null, open, fire));
    assertEquals(200, fireAnswer.status(), fireAnswer.body().toString());

    TwinClient.Answer hvacAnswer = await(twin("hvac-room-12").call(
        "building-hq/gateway/doors/close", "dpv:ServiceProvision", null, open, true));
    assertEquals(409, hvacAnswer.status(), hvacAnswer.body().toString());
    assertEquals("spiffe://city.example/twin/fire-system", hvacAnswer.json().getString("holder"));
    assertEquals(100, hvacAnswer.json().getInteger("holder_priority"));

    TwinClient.Answer replayed = await(twin("fire-system").send(
        "building-hq/gateway/doors/open", "dpv:VitalInterest", null, open, fire));
    assertEquals(401, replayed.status());
    assertEquals("https://twinguard.io/problems/replay", replayed.json().getString("type"));
  }

  @Test
  void tamperedSignedPayload_isBadSignature() throws Exception {
    TwinClient.Signed signed = twin("fire-system").sign("building-hq/gateway/doors/open", new JsonObject().put("door", "door:1"));
    TwinClient.Answer answer = await(twin("fire-system").send(
        "building-hq/gateway/doors/open", "dpv:VitalInterest", null, new JsonObject().put("door", "door:2"), signed));

    assertEquals(401, answer.status());
    assertEquals("https://twinguard.io/problems/bad-signature", answer.json().getString("type"));
  }

  @Test
  void policyEngineDown_is503AndNothingForwarded() throws Exception {
    PolicyEngine closed = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
    closed.close();
    activeEngine.set(closed);

    TwinClient.Answer answer = call("room-12", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null, new JsonObject().put("outdoor_c", 1));

    assertEquals(503, answer.status());
    assertEquals("https://twinguard.io/problems/policy-unavailable", answer.json().getString("type"));
    assertFalse(audit.last().containsKey("upstream_status"));
  }

  @Test
  void auditLogDown_is503AndNothingForwarded() throws Exception {
    int before = audit.records.size();
    audit.up = false;

    TwinClient.Answer answer = call("room-12", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null, new JsonObject().put("outdoor_c", 1));

    assertEquals(503, answer.status());
    assertEquals("https://twinguard.io/problems/audit-unavailable", answer.json().getString("type"));
    assertEquals(before, audit.records.size());
  }

  @Test
  void targetDown_is502AndAudited() throws Exception {
    Catalog before = broker.catalog();
    Twin room = before.registry().twin("room-12").orElseThrow();
    broker.catalog(Catalog.of(before.registry().with(new Twin(room.id(), room.name(), room.org(), room.twinClass(),
        URI.create("https://127.0.0.1:" + closedPort()), room.blocks()))));
    TwinClient.Answer answer;
    try {
      answer = call("hvac-room-12", "room-12/data/occupancy/read", "dpv:ServiceProvision", null, null);
    } finally {
      broker.catalog(before);
    }

    assertEquals(502, answer.status());
    assertEquals("https://twinguard.io/problems/target-unavailable", answer.json().getString("type"));
    assertEquals("refused", audit.last().getString("decision"));
    assertEquals(answer.headers().get("twin-decision-id"), audit.last().getString("decision_id"));
  }

  @Test
  void openApiDocument_isServedAndNamesEveryProblemType() throws Exception {
    TwinClient.Answer response = await(twin("room-12").get("/openapi.yaml"));

    assertEquals(200, response.status());
    JsonObject document = new JsonObject(Yaml.parseMapping(response.body().toString(), "openapi.yaml"));
    assertEquals("3.1.0", document.getString("openapi"));
    assertTrue(document.getJsonObject("paths").containsKey("/v1/twins/{twin}/{kind}/{block}/{operation}"));
    JsonArray documented = document.getJsonObject("components").getJsonObject("schemas")
        .getJsonObject("Problem").getJsonObject("properties").getJsonObject("type").getJsonArray("enum");
    for (ProblemType type : ProblemType.values()) {
      assertTrue(documented.contains(type.type().toString()), type + " is missing from openapi.yaml");
    }
  }

  @Test
  void metrics_countDecisionsByOutcomeAndTimeEachStep() throws Exception {
    call("room-12", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null, new JsonObject().put("outdoor_c", 2));
    call("acme-hr", "citizen-ada/data/health/read", "dpv:HumanResourceManagement", "citizen-ada", null);

    String scrape = await(twin("room-12").get("/metrics")).body().toString();

    assertTrue(scrape.contains("twinguard_decisions_total{code=\"none\",outcome=\"allow\",policy=\"none\"}"), scrape);
    assertTrue(scrape.contains("outcome=\"deny\",policy=\"ethics\""), scrape);
    assertTrue(scrape.contains("twinguard_step_seconds_bucket{step=\"decide\""), scrape);
    assertTrue(scrape.contains("twinguard_step_seconds_count{step=\"forward\"}"), scrape);
  }

  @Test
  void adminApi_refusesTwinsThatAreNotAdministrators() throws Exception {
    TwinClient.Answer answer = await(twin("room-12").get(AdminApi.PREFIX + "/registry"));

    assertEquals(403, answer.status());
    assertEquals("https://twinguard.io/problems/forbidden", answer.json().getString("type"));
  }

  @Test
  void adminApi_addsATwinAfterRecordingTheChange() throws Exception {
    JsonObject station = new JsonObject("""
        {"id": "spiffe://city.example/twin/weather-station", "org": "city-weather", "class": "sensor",
         "endpoint": "https://127.0.0.1:9999",
         "blocks": [{"kind": "data", "name": "readings", "operations": {"read": {}}}]}
        """);

    TwinClient.Answer answer = await(twin(Ecosystem.ADMIN).request(HttpMethod.PUT, AdminApi.PREFIX + "/twins/weather-station", station));

    assertEquals(200, answer.status(), answer.body().toString());
    assertTrue(broker.catalog().registry().twin("weather-station").isPresent());
    assertEquals("registry", audit.last().getString("kind"));
    assertEquals(Ecosystem.ADMIN_ID, audit.last().getString("actor"));
    TwinClient.Answer registry = await(twin(Ecosystem.ADMIN).get(AdminApi.PREFIX + "/registry"));
    assertTrue(registry.body().toString().contains("weather-station"));
  }

  @Test
  void adminApi_invalidDeclaration_namesTheBadValue() throws Exception {
    JsonObject broken = new JsonObject("""
        {"id": "spiffe://city.example/twin/broken", "org": "x", "class": "y", "endpoint": "https://127.0.0.1:1",
         "blocks": [{"kind": "database", "name": "b"}]}
        """);

    TwinClient.Answer answer = await(twin(Ecosystem.ADMIN).request(HttpMethod.PUT, AdminApi.PREFIX + "/twins/broken", broken));

    assertEquals(422, answer.status());
    assertTrue(answer.json().getString("detail").startsWith("twin.blocks[0].kind"), answer.json().encode());
    assertTrue(broker.catalog().registry().twin("broken").isEmpty());
  }

  @Test
  void adminApi_withAuditDown_changesNothing() throws Exception {
    audit.up = false;

    TwinClient.Answer answer = await(twin(Ecosystem.ADMIN).request(HttpMethod.DELETE, AdminApi.PREFIX + "/twins/elevator-a", null));

    assertEquals(503, answer.status());
    assertTrue(broker.catalog().registry().twin("elevator-a").isPresent());
  }

  @Test
  void emergencyMode_lockIsForHvacButNotForFireSystem() throws Exception {
    TwinClient.Answer switched = await(twin(Ecosystem.ADMIN).request(HttpMethod.PUT, AdminApi.PREFIX + "/mode",
        new JsonObject().put("mode", "emergency")));
    assertEquals(200, switched.status(), switched.body().toString());

    JsonObject door = new JsonObject().put("door", "door:1");
    TwinClient.Answer hvac = await(twin("hvac-room-12").call("building-hq/gateway/doors/close", "dpv:ServiceProvision", null, door, true));
    TwinClient.Answer fire = await(twin("fire-system").call("building-hq/gateway/doors/open", "dpv:VitalInterest", null, door, true));

    assertEquals(403, hvac.status(), hvac.body().toString());
    assertTrue(hvac.json().getJsonArray("reasons").stream().anyMatch(r -> "safety".equals(((JsonObject) r).getString("policy"))));
    assertEquals(200, fire.status(), fire.body().toString());
  }

  @Test
  void gatewayEvents_areDecidedRedactedAndRecordedPerEvent() throws Exception {
    HttpClientResponse stream = await(twin("room-12").subscribe("hvac-room-12/gateway/vents", "dpv:ServiceProvision"));
    assertEquals(200, stream.statusCode());
    String subscription = stream.getHeader("twin-decision-id");
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> three = new CompletableFuture<>();
    SseParser parser = new SseParser();
    stream.handler(chunk -> {
      events.addAll(parser.feed(chunk.toString()));
      if (events.size() >= 3) {
        three.complete(null);
      }
    });
    stream.resume();
    three.get(30, TimeUnit.SECONDS);
    stream.request().connection().close();

    for (String event : events.subList(0, 3)) {
      JsonObject json = new JsonObject(event);
      assertTrue(json.containsKey("airflow_m3h"), event);
      assertFalse(json.containsKey("occupant"), "the occupant is personal data nobody consented to: " + event);
    }
    assertTrue(audit.records.stream().anyMatch(r -> subscription.equals(r.getString("decision_id"))));
    long eventRecords = audit.records.stream()
        .filter(r -> "events".equals(r.getString("operation")) && !subscription.equals(r.getString("decision_id")))
        .count();
    assertTrue(eventRecords >= 3, "every delivered event is recorded: " + eventRecords);
  }

  @Test
  void gatewayEvents_ofABlockWithoutEvents_areRefused() throws Exception {
    TwinClient.Answer answer = await(twin("room-12").subscribe("building-hq/gateway/doors", "dpv:ServiceProvision")
        .compose(response -> {
          Future<Buffer> body = response.body();
          response.resume();
          return body.map(b -> new TwinClient.Answer(response.statusCode(), response.headers(), b));
        }));

    assertEquals(404, answer.status());
    assertEquals("https://twinguard.io/problems/unknown-twin", answer.json().getString("type"));
  }

  @Test
  void revokedTwin_isRefusedOnceTheNewCrlIsInForce() throws Exception {
    TwinClient.Answer before = call("elevator-a", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
        new JsonObject().put("outdoor_c", 5));
    assertEquals(200, before.status(), before.body().toString());
    TrustMaterial original = ecosystem.broker().trust();
    Instant now = CLOCK.instant();
    X509CRL crl = ecosystem.ca().crl(Map.of(ecosystem.twin("elevator-a").certificate().getSerialNumber(), now),
        BigInteger.TWO, now.minusSeconds(1), now.plusSeconds(3600));
    ecosystem.broker().updateTrust(new TrustMaterial(original.trustDomain(), original.caCertificate(), crl));
    try {
      TwinClient.Answer after = call("elevator-a", "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
          new JsonObject().put("outdoor_c", 5));

      assertEquals(401, after.status());
      assertTrue(after.json().getString("detail").contains("revoked"), after.json().encode());
    } finally {
      ecosystem.broker().updateTrust(original);
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  static TwinClient twin(String name) {
    return clients.computeIfAbsent(name, n -> new TwinClient(vertx, ecosystem, n, broker.port(), CLOCK));
  }

  static TwinClient.Answer call(String caller, String path, String purpose, String subjects, JsonObject payload) throws Exception {
    return await(twin(caller).call(path, purpose, subjects, payload, false));
  }

  static void verifyBrokerSignature(TwinClient.Answer answer) throws Exception {
    HttpFields fields = HttpFields.of(
        "content-type", answer.headers().get("content-type"),
        "content-digest", answer.headers().get("content-digest"),
        "twin-decision-id", answer.headers().get("twin-decision-id"),
        SignatureFields.SIGNATURE_INPUT, answer.headers().get(SignatureFields.SIGNATURE_INPUT),
        SignatureFields.SIGNATURE, answer.headers().get(SignatureFields.SIGNATURE));
    new MessageVerifier(
        KeyResolver.of(Map.of(Ecosystem.BROKER_ID, ecosystem.broker().signingCertificate().getPublicKey())),
        CLOCK, Duration.ofSeconds(60))
        .verify(new HttpResponse(answer.status(), fields, answer.body().getBytes()));
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
