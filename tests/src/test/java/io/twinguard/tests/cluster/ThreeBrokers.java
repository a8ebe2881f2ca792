package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three brokers, each {@code twinguard serve} in a JVM of its own, clustered on loopback (TCP-IP
 * join on ports 19801-19803, HTTPS on 19441-19443), with the example twins and one embedded
 * PostgreSQL (a database, and so an audit log, per broker) in this JVM.
 */
final class ThreeBrokers {

  static final Clock CLOCK = Clock.systemUTC();
  static final int[] HTTPS = {19441, 19442, 19443};
  static final int[] CLUSTER = {19801, 19802, 19803};

  /** An answer's status and body. */
  record Answer(int status, String body) {}

  final Vertx vertx = Vertx.vertx();
  final Ecosystem ecosystem = Ecosystem.create(CLOCK);
  private final Path dir;
  private final List<BrokerProcess> brokers = new ArrayList<>();
  private Ecosystem.Running twins;
  private EmbeddedPostgres postgres;

  private ThreeBrokers(Path dir) {
    this.dir = dir;
  }

  /** Starts the twins, PostgreSQL and broker 0, then brokers 1 and 2 together; returns once all are ready. */
  static ThreeBrokers start(Path dir) throws Exception {
    ThreeBrokers set = new ThreeBrokers(dir);
    set.twins = await(set.ecosystem.startTwins(set.vertx));
    set.postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
    Map<String, String> common = set.common();
    set.brokers.add(BrokerProcess.start("broker-0", dir, set.broker(common, 0)));
    set.awaitReady(0);
    set.brokers.add(BrokerProcess.start("broker-1", dir, set.broker(common, 1)));
    set.brokers.add(BrokerProcess.start("broker-2", dir, set.broker(common, 2)));
    set.awaitReady(1);
    set.awaitReady(2);
    return set;
  }

  void stop() throws Exception {
    for (BrokerProcess broker : brokers) {
      broker.stop();
    }
    await(vertx.close());
    if (postgres != null) {
      postgres.close();
    }
  }

  BrokerProcess broker(int i) {
    return brokers.get(i);
  }

  TwinClient client(String twin, int broker) {
    return new TwinClient(vertx, ecosystem, twin, HTTPS[broker], CLOCK);
  }

  /**
   * Sends a signed door command of the fire system exactly as signed for broker {@code signedFor}
   * (its authority in the Host header, so the target URI is the signed one) over a connection to
   * broker {@code to}: the bytes an eavesdropper would replay.
   */
  Answer sendAs(int signedFor, int to, TwinClient.Signed signed, JsonObject body) throws Exception {
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

  /** How many of {@code decisionIds} broker {@code i}'s audit log holds. */
  int recorded(int i, List<String> decisionIds) throws Exception {
    try (Connection connection = postgres.getDatabase("postgres", "broker_" + i).getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(DISTINCT decision_id) FROM log_leaf WHERE decision_id = ANY (?)")) {
      Array ids = connection.createArrayOf("text", decisionIds.toArray());
      query.setArray(1, ids);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  /** Whether broker {@code i}'s log indices run from 0 without a gap. */
  boolean dense(int i) throws Exception {
    try (Connection connection = postgres.getDatabase("postgres", "broker_" + i).getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*), coalesce(max(idx), -1) FROM log_leaf")) {
      result.next();
      return result.getLong(1) == result.getLong(2) + 1;
    }
  }

  /** The settings every broker shares: the CA, the registry, its certificate, the cluster's members. */
  private Map<String, String> common() throws Exception {
    Path ca = Files.createDirectories(dir.resolve("ca"));
    Files.writeString(ca.resolve(CaDirectory.KEY_FILE), Keys.privateKeyToPem(ecosystem.ca().keyPair().getPrivate()));
    Files.writeString(ca.resolve(CaDirectory.CERT_FILE), TrustMaterial.certificatePem(ecosystem.ca().certificate()));
    Files.writeString(ca.resolve(CaDirectory.INDEX_FILE), "# serial\tstatus\tnotAfter\trevokedAt\tsubject\n");
    CaDirectory.open(ca, CLOCK).refreshCrl();
    Ecosystem.Credentials broker = ecosystem.twin(Ecosystem.BROKER);
    Path cert = Files.writeString(dir.resolve("broker-cert.pem"), TrustMaterial.certificatePem(broker.certificate()));
    Path key = Files.writeString(dir.resolve("broker-key.pem"), Keys.privateKeyToPem(broker.keyPair().getPrivate()));
    Path registry = Files.writeString(dir.resolve("registry.yaml"), RegistryCodec.toJson(twins.registry()).encode());
    return Map.of("TWINGUARD_CA_DIR", ca.toString(), "TWINGUARD_SERVER_CERT", cert.toString(),
        "TWINGUARD_SERVER_KEY", key.toString(), "TWINGUARD_REGISTRY", registry.toString(),
        "TWINGUARD_CLUSTER_ENABLED", "true",
        "TWINGUARD_CLUSTER_MEMBERS", "127.0.0.1:" + CLUSTER[0] + ",127.0.0.1:" + CLUSTER[1] + ",127.0.0.1:" + CLUSTER[2]);
  }

  /** Broker {@code i}'s own settings: ports, data directory and database. */
  private Map<String, String> broker(Map<String, String> common, int i) throws Exception {
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
  void awaitReady(int i) throws Exception {
    TwinClient probe = client("room-12", i);
    try {
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
    } finally {
      probe.close();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
