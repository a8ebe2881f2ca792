package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.server.Routes;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers, each {@code twinguard serve} in a JVM of its own, clustered on loopback (TCP-IP
 * join on ports 19801-19803, HTTPS on 19441-19443), the example twins and one PostgreSQL in this
 * JVM: the nonces, the actuator leases and the mode are one across the three.
 */
class ThreeBrokersTest {

  static final Clock CLOCK = Clock.systemUTC();
  static final int[] HTTPS = {19441, 19442, 19443};
  static final int[] CLUSTER = {19801, 19802, 19803};

  @TempDir static Path dir;
  static Vertx vertx;
  static Ecosystem ecosystem;
  static Ecosystem.Running twins;
  static EmbeddedPostgres postgres;
  static final List<BrokerProcess> brokers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    ecosystem = Ecosystem.create(CLOCK);
    twins = await(ecosystem.startTwins(vertx));
    postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
    Map<String, String> common = common();
    brokers.add(BrokerProcess.start("broker-0", dir, broker(common, 0)));
    awaitReady(0);
    brokers.add(BrokerProcess.start("broker-1", dir, broker(common, 1)));
    brokers.add(BrokerProcess.start("broker-2", dir, broker(common, 2)));
    awaitReady(1);
    awaitReady(2);
  }

  @AfterAll
  static void stop() throws Exception {
    for (BrokerProcess broker : brokers) {
      broker.stop();
    }
    if (vertx != null) {
      await(vertx.close());
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void ready_everyBroker_isAMemberOfTheClusterOfThree() throws Exception {
    for (int i = 0; i < 3; i++) {
      TwinClient.Answer ready = await(client("room-12", i).get("/ready"));

      assertEquals(200, ready.status(), ready.body().toString());
      JsonObject cluster = ready.json().getJsonObject("checks").getJsonObject("cluster");
      assertEquals(3, cluster.getInteger("members"), cluster.encode());
      assertEquals(200, await(client("room-12", i).get("/metrics")).status());
    }
  }

  @Test
  void call_signedNonceReplayedToAnotherBroker_isRefused() throws Exception {
    JsonObject open = new JsonObject().put("door", "door:2");
    TwinClient.Signed signed = client("fire-system", 0).sign("building-hq/gateway/doors/open", open);
    Answer first = sendAs(0, 0, signed, open);
    assertEquals(200, first.status(), first.body());

    for (int other : new int[] {1, 2}) {
      Answer replayed = sendAs(0, other, signed, open);

      assertEquals(401, replayed.status(), replayed.body());
      assertEquals("https://twinguard.io/problems/replay", new JsonObject(replayed.body()).getString("type"));
    }
  }

  @Test
  void command_fireAtOneBroker_holdsTheDoorsAgainstHvacAtAnother() throws Exception {
    JsonObject door = new JsonObject().put("door", "door:1");
    TwinClient.Answer fire = await(client("fire-system", 0).call("building-hq/gateway/doors/open", "dpv:VitalInterest",
        null, door, true));
    assertEquals(200, fire.status(), fire.body().toString());

    TwinClient.Answer hvac = await(client("hvac-room-12", 1).call("building-hq/gateway/doors/close",
        "dpv:ServiceProvision", null, door, true));

    assertEquals(409, hvac.status(), hvac.body().toString());
    assertEquals("spiffe://city.example/twin/fire-system", hvac.json().getString("holder"));
    assertEquals(100, hvac.json().getInteger("holder_priority"));
  }

  @Test
  void mode_emergencySwitchedAtOneBroker_isInForceAtEveryBrokerWhenItAnswers() throws Exception {
    try {
      TwinClient.Answer switched = await(client(Ecosystem.ADMIN, 2).request(HttpMethod.PUT, AdminApi.PREFIX + "/mode",
          new JsonObject().put("mode", "emergency")));
      assertEquals(200, switched.status(), switched.body().toString());

      for (int i = 0; i < 3; i++) {
        TwinClient.Answer hvac = await(client("hvac-room-12", i).call("building-hq/gateway/doors/close",
            "dpv:ServiceProvision", null, new JsonObject().put("door", "door:2"), true));
        TwinClient.Answer mode = await(client(Ecosystem.ADMIN, i).get(AdminApi.PREFIX + "/mode"));

        assertEquals(403, hvac.status(), "broker-" + i + ": " + hvac.body());
        assertEquals("emergency", mode.json().getString("mode"));
      }
    } finally {
      await(client(Ecosystem.ADMIN, 0).request(HttpMethod.PUT, AdminApi.PREFIX + "/mode",
          new JsonObject().put("mode", "normal")));
    }
  }

  record Answer(int status, String body) {}

  /**
   * Sends a signed door command exactly as signed for broker {@code signedFor} (its authority in
   * the Host header, so the target URI is the signed one) over a connection to broker {@code to}:
   * the bytes an eavesdropper would replay.
   */
  static Answer sendAs(int signedFor, int to, TwinClient.Signed signed, JsonObject body) throws Exception {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
        .setKeyCertOptions(ecosystem.twin("fire-system").keyCertOptions()).setTrustOptions(ecosystem.caTrustOptions()));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(HTTPS[to], "127.0.0.1"))
        .setHost("127.0.0.1").setPort(HTTPS[signedFor])
        .setURI(Routes.CALLS + "/building-hq/gateway/doors/open")
        .putHeader("Twin-Purpose", "dpv:VitalInterest")
        .putHeader("content-type", "application/json")
        .putHeader(ContentDigest.FIELD, signed.contentDigest())
        .putHeader(SignatureFields.SIGNATURE_INPUT, signed.signatureInput())
        .putHeader(SignatureFields.SIGNATURE, signed.signature());
    try {
      return await(http.request(options).compose(request -> request.send(body.toBuffer()))
          .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), bytes.toString()))));
    } finally {
      http.close();
    }
  }

  static TwinClient client(String twin, int broker) {
    return new TwinClient(vertx, ecosystem, twin, HTTPS[broker], CLOCK);
  }

  /** The settings every broker shares: the CA, the registry, its certificate, the cluster's members. */
  static Map<String, String> common() throws Exception {
    Path ca = Files.createDirectories(dir.resolve("ca"));
    Files.writeString(ca.resolve(CaDirectory.KEY_FILE), Keys.privateKeyToPem(ecosystem.ca().keyPair().getPrivate()));
    Files.writeString(ca.resolve(CaDirectory.CERT_FILE), TrustMaterial.certificatePem(ecosystem.ca().certificate()));
    Files.writeString(ca.resolve(CaDirectory.INDEX_FILE), "# serial\tstatus\tnotAfter\trevokedAt\tsubject\n");
    CaDirectory.open(ca, CLOCK).refreshCrl();
    Ecosystem.Credentials broker = ecosystem.twin(Ecosystem.BROKER);
    Path cert = Files.writeString(dir.resolve("broker-cert.pem"), TrustMaterial.certificatePem(broker.certificate()));
    Path key = Files.writeString(dir.resolve("broker-key.pem"), Keys.privateKeyToPem(broker.keyPair().getPrivate()));
    Path registry = Files.writeString(dir.resolve("registry.yaml"), RegistryCodec.toJson(twins.registry()).encode());
    Path consents = Files.writeString(dir.resolve("consents.yaml"), Ecosystem.consentFixtures());
    return Map.of("TWINGUARD_CA_DIR", ca.toString(), "TWINGUARD_SERVER_CERT", cert.toString(),
        "TWINGUARD_SERVER_KEY", key.toString(), "TWINGUARD_REGISTRY", registry.toString(),
        "TWINGUARD_CONSENTS", consents.toString(), "TWINGUARD_CLUSTER_ENABLED", "true",
        "TWINGUARD_CLUSTER_MEMBERS", "127.0.0.1:" + CLUSTER[0] + ",127.0.0.1:" + CLUSTER[1] + ",127.0.0.1:" + CLUSTER[2]);
  }

  /** Broker {@code i}'s own settings: ports, data directory and database. */
  static Map<String, String> broker(Map<String, String> common, int i) throws Exception {
    String database = "broker_" + i;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    Map<String, String> environment = new HashMap<>(common);
    environment.put("TWINGUARD_LISTEN_PORT", String.valueOf(HTTPS[i]));
    environment.put("TWINGUARD_CLUSTER_PORT", String.valueOf(CLUSTER[i]));
    environment.put("TWINGUARD_DATA_DIR", dir.resolve("broker-" + i).toString());
    environment.put("TWINGUARD_DB_URL", "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + database);
    return environment;
  }

  /** Polls broker {@code i}'s /ready until it answers 200, for at most three minutes. */
  static void awaitReady(int i) throws Exception {
    TwinClient probe = client("room-12", i);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      assertTrue(brokers.get(i).alive(), brokers.get(i).logTail());
      Future<Integer> status = probe.get("/ready").map(TwinClient.Answer::status).otherwise(0);
      if (await(status) == 200) {
        return;
      }
      await(vertx.timer(500));
    }
    throw new AssertionError("broker-" + i + " not ready in 3 minutes\n" + brokers.get(i).logTail());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
