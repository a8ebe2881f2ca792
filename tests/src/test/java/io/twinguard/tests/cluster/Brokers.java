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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Brokers, each {@code twinguard serve} in a JVM of its own, clustered on loopback (TCP-IP join) or
 * standalone, with the example twins and one embedded PostgreSQL in this JVM: either a database, and
 * so an audit log, per broker (single writers), or one audit log all of them write ({@code
 * log.writers: shared}, database {@link AuditLogs#SHARED}).
 */
final class Brokers {

  static final Clock CLOCK = Clock.systemUTC();

  /**
   * How many brokers, how they run and on which ports.
   *
   * @param count 1 or more
   * @param clustered whether they form a cluster ({@code cluster.enabled}); else each is standalone
   * @param https broker {@code i} serves HTTPS on {@code https + i}
   * @param cluster broker {@code i}'s Hazelcast member binds {@code cluster + i}
   * @param jvm the options of each broker's JVM
   * @param sharedLog whether they write one audit log as shared writers; else each its own
   */
  record Layout(int count, boolean clustered, int https, int cluster, List<String> jvm, boolean sharedLog) {
    Layout {
      if (count < 1) {
        throw new IllegalArgumentException("at least one broker");
      }
      jvm = List.copyOf(jvm);
    }

    /** Each broker with an audit log of its own. */
    Layout(int count, boolean clustered, int https, int cluster, List<String> jvm) {
      this(count, clustered, https, cluster, jvm, false);
    }

    /** Three on one shared log: HTTPS on 19461-19463, the cluster on 19821-19823. */
    static Layout threeOnOneLogForTests() {
      return new Layout(3, true, 19461, 19821, threeForTests().jvm(), true);
    }

    /** The tests' three: HTTPS on 19441-19443, the cluster on 19801-19803, small JVMs that start fast. */
    static Layout threeForTests() {
      return new Layout(3, true, 19441, 19801, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }
  }

  /** An answer's status and body. */
  record Answer(int status, String body) {}

  final Vertx vertx = Vertx.vertx();
  final Ecosystem ecosystem = Ecosystem.create(CLOCK);
  final Layout layout;
  private final Path dir;
  private final Map<String, String> logSettings;
  private final List<BrokerProcess> brokers = new ArrayList<>();
  private Ecosystem.Running twins;
  private Postgres postgres;

  private Brokers(Path dir, Layout layout, Map<String, String> logSettings) {
    this.dir = dir;
    this.layout = layout;
    this.logSettings = Map.copyOf(logSettings);
  }

  /**
   * Starts the twins, PostgreSQL and broker 0, then the others together; returns once all are ready.
   * {@code logSettings}: more settings of the log (origin, anchoring) for every broker and {@link #logEnvironment()}.
   */
  static Brokers start(Path dir, Layout layout, Map<String, String> logSettings) throws Exception {
    Brokers set = new Brokers(dir, layout, logSettings);
    try {
      set.twins = await(set.ecosystem.startTwins(set.vertx));
      set.postgres = Postgres.start(dir.resolve("pg"));
      if (layout.sharedLog()) {
        set.postgres.createDatabase(AuditLogs.SHARED);
      }
      Map<String, String> common = set.common();
      for (int i = 0; i < layout.count(); i++) {
        set.brokers.add(BrokerProcess.start("broker-" + i, dir, set.broker(common, i), layout.jvm()));
        if (i == 0) {
          set.awaitReady(0);
        }
      }
      for (int i = 1; i < layout.count(); i++) {
        set.awaitReady(i);
      }
      return set;
    } catch (Exception | AssertionError e) {
      set.stop();
      throw e;
    }
  }

  /** Broker {@code i}'s HTTPS port. */
  int port(int i) {
    return layout.https() + i;
  }

  /** The brokers' PostgreSQL, to stop and start again. */
  Postgres postgres() {
    return postgres;
  }

  /** The database of broker {@code i}'s audit log. */
  String database(int i) {
    return layout.sharedLog() ? AuditLogs.SHARED : "broker_" + i;
  }

  /** The settings that reach the shared log, for {@code twinguard audit} commands. */
  Map<String, String> logEnvironment() {
    Map<String, String> environment = new HashMap<>(logSettings);
    environment.putAll(Map.of(
        "TWINGUARD_DB_URL", "postgresql://postgres@127.0.0.1:" + postgres.port() + "/" + AuditLogs.SHARED,
        "TWINGUARD_LOG_KEY_FILE", dir.resolve("audit-log-key.pem").toString(),
        "TWINGUARD_DATA_DIR", dir.resolve("audit-cli").toString()));
    return environment;
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
    return new TwinClient(vertx, ecosystem, twin, port(broker), CLOCK);
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
        .setServer(SocketAddress.inetSocketAddress(port(to), "127.0.0.1"))
        .setHost("127.0.0.1").setPort(port(signedFor))
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
    List<String> members = IntStream.range(0, layout.count()).mapToObj(i -> "127.0.0.1:" + (layout.cluster() + i))
        .toList();
    return Map.of("TWINGUARD_CA_DIR", ca.toString(), "TWINGUARD_SERVER_CERT", cert.toString(),
        "TWINGUARD_SERVER_KEY", key.toString(), "TWINGUARD_REGISTRY", registry.toString(),
        "TWINGUARD_CLUSTER_ENABLED", Boolean.toString(layout.clustered()),
        "TWINGUARD_CLUSTER_MEMBERS", String.join(",", members));
  }

  /** Broker {@code i}'s own settings: ports, data directory and database (or the shared log's settings). */
  private Map<String, String> broker(Map<String, String> common, int i) throws Exception {
    String database = database(i);
    Map<String, String> environment = new HashMap<>(common);
    if (layout.sharedLog()) {
      environment.putAll(logEnvironment());
      environment.putAll(Map.of("TWINGUARD_LOG_WRITERS", "shared", "TWINGUARD_LOG_TAKEOVER_MS", "200",
          "TWINGUARD_LOG_INTEGRATION_TIMEOUT_MS", "5000"));
    } else {
      postgres.createDatabase(database);
    }
    environment.put("TWINGUARD_LISTEN_PORT", String.valueOf(port(i)));
    environment.put("TWINGUARD_CLUSTER_PORT", String.valueOf(layout.cluster() + i));
    environment.put("TWINGUARD_DATA_DIR", dir.resolve("broker-" + i).toString());
    environment.put("TWINGUARD_DB_URL", "postgresql://postgres@127.0.0.1:" + postgres.port() + "/" + database);
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
