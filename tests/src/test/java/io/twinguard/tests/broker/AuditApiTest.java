package io.twinguard.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.broker.Broker;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.broker.auditapi.AuditApi;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditors' API under {@code /v1/audit} of a broker recording on the real audit log: an
 * administrator reads records with their proofs; everyone else is refused with problem+json.
 */
class AuditApiTest {

  static final Clock CLOCK = Clock.systemUTC();

  @TempDir static Path dir;

  static Vertx vertx;
  static Ecosystem ecosystem;
  static PolicyEngine engine;
  static AuditLog log;
  static Broker broker;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    ecosystem = Ecosystem.create(CLOCK);
    Ecosystem.Running twins = await(ecosystem.startTwins(vertx));
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
    log = await(AuditLog.open(vertx, LogConfig.embeddedIn(dir.resolve("audit"))));
    broker = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(twins.registry()),
            FixtureConsents.parseYaml(Ecosystem.consentFixtures()), engine, log),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        CLOCK));
    TwinClient room = new TwinClient(vertx, ecosystem, "room-12", broker.port(), CLOCK);
    for (int i = 0; i < 5; i++) {
      await(room.call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
          new JsonObject().put("outdoor_c", i), false));
    }
    room.close();
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  static TwinClient.Answer get(String twin, String path) throws Exception {
    TwinClient client = new TwinClient(vertx, ecosystem, twin, broker.port(), CLOCK);
    try {
      return await(client.get(path));
    } finally {
      client.close();
    }
  }

  @Test
  void records_forAnAdministrator_carryVerifiableInclusionProofs() throws Exception {
    TwinClient.Answer answer = get(Ecosystem.ADMIN, AuditApi.PREFIX + "/records?caller=spiffe://city.example/twin/room-12");

    assertEquals(200, answer.status(), answer.body().toString());
    JsonObject page = answer.json();
    JsonArray records = page.getJsonArray("records");
    assertEquals(5, records.size(), page.encodePrettily());
    long size = page.getLong("tree_size");
    String checkpoint = page.getString("checkpoint");
    assertEquals(checkpoint, get(Ecosystem.ADMIN, AuditApi.PREFIX + "/checkpoint").body().toString());
    byte[] root = Base64.getDecoder().decode(checkpoint.lines().toList().get(2));
    for (Object item : records) {
      JsonObject record = (JsonObject) item;
      List<byte[]> path = new ArrayList<>();
      record.getJsonArray("inclusion_path").forEach(h -> path.add(Base64.getDecoder().decode((String) h)));
      ProofVerifier.verifyInclusion(record.getLong("index"), size,
          Rfc9162.leafHash(CanonicalJson.canonicalize(record.getJsonObject("record").encode())), path, root);
    }
  }

  @Test
  void records_forATwinThatIsNoAdministrator_areForbidden() throws Exception {
    TwinClient.Answer answer = get("room-12", AuditApi.PREFIX + "/records");

    assertEquals(403, answer.status());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    assertEquals("https://twinguard.io/problems/forbidden", answer.json().getString("type"));
  }

  @Test
  void records_withoutClientCertificate_areUnauthenticated() throws Exception {
    WebClient anonymous = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(ecosystem.caTrustOptions()));
    var response = await(anonymous.get(broker.port(), "127.0.0.1", AuditApi.PREFIX + "/records").send());

    assertEquals(401, response.statusCode());
    assertEquals("https://twinguard.io/problems/unauthenticated", response.bodyAsJsonObject().getString("type"));
  }

  @Test
  void badParameters_areProblemJsonWithoutStackTrace() throws Exception {
    for (String query : List.of("limit=0", "outcome=maybe", "limit=abc", "from=yesterday")) {
      TwinClient.Answer answer = get(Ecosystem.ADMIN, AuditApi.PREFIX + "/records?" + query);

      assertEquals(400, answer.status(), query + ": " + answer.body());
      assertEquals("application/problem+json", answer.headers().get("content-type"), query);
      assertFalse(answer.body().toString().contains("\tat "), answer.body().toString());
      assertFalse(answer.body().toString().contains("Exception"), answer.body().toString());
    }
  }

  @Test
  void proofBeyondTheLogOrUnknownPath_isNotFound() throws Exception {
    for (String path : List.of("/proof/100000", "/nothing")) {
      TwinClient.Answer answer = get(Ecosystem.ADMIN, AuditApi.PREFIX + path);

      assertEquals(404, answer.status(), path);
      assertEquals("https://twinguard.io/problems/not-found", answer.json().getString("type"), path);
    }
  }

  @Test
  void key_isTheLogsVerifierKey() throws Exception {
    TwinClient.Answer answer = get(Ecosystem.ADMIN, AuditApi.PREFIX + "/key");

    assertEquals(200, answer.status());
    assertTrue(answer.body().toString().strip().equals(log.verifierKey().encode()), answer.body().toString());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
