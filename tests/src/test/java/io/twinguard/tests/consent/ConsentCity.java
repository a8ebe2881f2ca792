package io.twinguard.tests.consent;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.broker.Broker;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.serve.ConsentWiring;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The smart city behind brokers that run the consent module as {@code twinguard serve} wires it
 * ({@link ConsentWiring}): the example twins, the bundled policies in-process, one audit log on an
 * embedded PostgreSQL, and withdrawal-notice endpoints for the building (which acknowledges) and
 * the room (which never does), both twins of city-buildings. Each broker runs on a Vert.x of its
 * own with its own consent service, cache and LISTEN connection, on the one database; they share
 * the one audit log writer (one log has one writer; see audit-ledger).
 */
final class ConsentCity {

  static final Clock CLOCK = Clock.systemUTC();
  static final String BUILDING = "building-hq";
  static final String ROOM = "room-12";

  /** A broker of the city: its Vert.x, its consent service and portal, its servers. */
  record Node(Vertx vertx, ConsentWiring consent, Broker broker, int port, List<TwinClient> clients) {

    TwinClient client(ConsentCity city, String twin) {
      TwinClient client = new TwinClient(vertx, city.ecosystem, twin, port, CLOCK);
      clients.add(client);
      return client;
    }

    String url() {
      return "https://127.0.0.1:" + port;
    }
  }

  final Vertx vertx;
  final Ecosystem ecosystem;
  final Ecosystem.Running twins;
  final Registry registry;
  final NoticeEndpoint buildingNotices;
  final NoticeEndpoint roomNotices;
  final AuditLog log;
  final PolicyEngine engine;
  private final Path dir;
  private final Map<String, String> options;
  private final List<Node> nodes = new ArrayList<>();

  private ConsentCity(Vertx vertx, Ecosystem ecosystem, Ecosystem.Running twins, Registry registry,
      NoticeEndpoint buildingNotices, NoticeEndpoint roomNotices, AuditLog log, PolicyEngine engine, Path dir,
      Map<String, String> options) {
    this.vertx = vertx;
    this.ecosystem = ecosystem;
    this.twins = twins;
    this.registry = registry;
    this.buildingNotices = buildingNotices;
    this.roomNotices = roomNotices;
    this.log = log;
    this.engine = engine;
    this.dir = dir;
    this.options = options;
  }

  /**
   * Starts the twins, the notice endpoints, the policies and the audit log in {@code dir}.
   *
   * @param options settings by path (such as {@code identity.keycloak_url}) for every broker
   * @param registryChange changes the registry's JSON form before the brokers read it
   */
  static ConsentCity start(Path dir, Map<String, String> options,
      UnaryOperator<JsonObject> registryChange) throws Exception {
    Vertx vertx = Vertx.vertx();
    Ecosystem ecosystem = Ecosystem.create(CLOCK);
    Ecosystem.Running twins = await(ecosystem.startTwins(vertx));
    NoticeEndpoint building = await(NoticeEndpoint.start(vertx, ecosystem, BUILDING, true));
    NoticeEndpoint room = await(NoticeEndpoint.start(vertx, ecosystem, ROOM, false));
    JsonObject json = new JsonObject().put("trust_domain", Ecosystem.TRUST_DOMAIN).put("twins", new JsonArray());
    for (Twin twin : twins.registry().twins()) {
      JsonObject declared = RegistryCodec.twinToJson(twin);
      if (twin.name().equals(BUILDING)) {
        declared.put("notifications", building.url().toString());
      } else if (twin.name().equals(ROOM)) {
        declared.put("notifications", room.url().toString());
      }
      json.getJsonArray("twins").add(declared);
    }
    Registry registry = RegistryCodec.fromJson(registryChange.apply(json));
    TwinguardSettings settings = settings(dir, options);
    PolicyEngine engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
        settings.policy().timeout()));
    AuditLog log = await(AuditLog.open(vertx, LogConfig.from(settings)));
    return new ConsentCity(vertx, ecosystem, twins, registry, building, room, log, engine, dir, options);
  }

  /** Starts one more broker, on a Vert.x of its own, at a free port. */
  Node broker(Map<String, String> more) throws Exception {
    int port = freePort();
    Map<String, String> all = new HashMap<>(options);
    all.putAll(more);
    all.put("listen.port", String.valueOf(port));
    all.putIfAbsent("consent.public_url", "https://127.0.0.1:" + port + "/consent");
    TwinguardSettings settings = settings(dir, all);
    Vertx own = Vertx.vertx();
    Broker[] started = new Broker[1];
    Catalog catalog = Catalog.of(registry);
    ConsentWiring consent = await(ConsentWiring.open(own, settings, ecosystem.broker(), log,
        () -> started[0] == null ? catalog : started[0].catalog(), CLOCK));
    started[0] = await(Broker.start(own,
        new Broker.Parts(ecosystem.broker(), catalog, consent.source(), engine, new LogAuditTrail(log),
            Optional.of(log), List.of(), consent.apis()),
        Broker.Tuning.of(settings, Set.of(Ecosystem.ADMIN_ID)), CLOCK));
    Node node = new Node(own, consent, started[0], port, new CopyOnWriteArrayList<>());
    nodes.add(node);
    return node;
  }

  private static TwinguardSettings settings(Path dir, Map<String, String> options) {
    SettingsLoader loader = SettingsLoader.defaults().environment(Map.of())
        .option("data_dir", "test", dir.resolve("data").toString())
        .option("consent.notice_attempts", "test", "3")
        .option("consent.notice_backoff_ms", "test", "10")
        .option("consent.notice_timeout_ms", "test", "2000");
    for (Map.Entry<String, String> option : options.entrySet()) {
      loader = loader.option(option.getKey(), "test", option.getValue());
    }
    return loader.load().settings();
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops every broker, then the policies, the log, the twins and the endpoints. */
  void close() throws Exception {
    for (Node node : nodes) {
      node.clients().forEach(TwinClient::close);
      await(node.broker().stop());
      await(node.consent().close());
      await(node.vertx().close());
    }
    engine.close();
    await(log.close());
    await(twins.stop());
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
