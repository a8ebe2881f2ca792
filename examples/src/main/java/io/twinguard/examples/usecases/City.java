package io.twinguard.examples.usecases;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.StandardAdapters;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.query.QueryService;
import io.twinguard.broker.Broker;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.serve.ConsentWiring;
import io.twinguard.common.settings.AdapterSettings;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.LegacyBusCompany;
import io.twinguard.examples.VentController;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The smart city running on loopback for the use cases, as {@code twinguard serve} wires a broker:
 * a fresh ecosystem CA, the example twins, the legacy twins behind their adapters (the HVAC
 * company's thermal model as a sandboxed black box, the bus company's open data through a REST
 * mapping), the bundled policies in-process, the audit log on an embedded PostgreSQL under the
 * data directory, the consent service on the log's database, and the broker with its admin,
 * audit and catalogue APIs. Default settings but for short actuator leases ({@link #LEASE_TTL_S});
 * TWINGUARD_* variables are ignored, so that the examples never write into a real log. Not
 * thread-safe: one scenario plays at a time.
 */
public final class City {

  /**
   * How long an actuator lease lasts in the examples, in seconds ({@code leases.ttl_s}; serve's
   * default is 30): UC5's HVAC waits for the fire system's lease to end, and the demo should not
   * wait half a minute for it.
   */
  static final String LEASE_TTL_S = "5";

  /** How long one step may take before the scenario fails. */
  static final long STEP_TIMEOUT_S = 60;

  final Vertx vertx;
  final Clock clock;
  final Ecosystem ecosystem;
  final Ecosystem.Running twins;
  final LegacyBusCompany bus;
  final PolicyEngine engine;
  final AuditLog log;
  final QueryService query;
  final ConsentWiring consent;
  final Broker broker;
  final Map<String, String> placeholders;
  final Variants variants;
  /** The file whose SHA-256 UC1's thermal model records carry. */
  final Path thermalArtefact;
  private final Optional<VentController> vents;
  /** Ada, as UC6 plays her (the {@link Portal} variant). */
  final Citizen citizen;
  private final Map<String, TwinClient> clients = new HashMap<>();
  private final List<HttpServer> extra = new ArrayList<>();

  private City(Vertx vertx, Clock clock, Ecosystem ecosystem, Ecosystem.Running twins, LegacyBusCompany bus,
      PolicyEngine engine, AuditLog log, ConsentWiring consent, Broker broker, Map<String, String> placeholders,
      Variants variants, Path thermalArtefact, Optional<VentController> vents,
      Citizen citizen) {
    this.vertx = vertx;
    this.clock = clock;
    this.ecosystem = ecosystem;
    this.twins = twins;
    this.bus = bus;
    this.engine = engine;
    this.log = log;
    this.query = new QueryService(log);
    this.consent = consent;
    this.broker = broker;
    this.placeholders = Map.copyOf(placeholders);
    this.variants = variants;
    this.thermalArtefact = thermalArtefact;
    this.vents = vents;
    this.citizen = citizen;
  }

  /**
   * Starts the city; blocks the calling thread (never an event loop) until the broker listens.
   *
   * @param dir where the audit log's PostgreSQL and the model artefacts live
   * @param out where the start is told
   * @throws Exception when a part does not start, naming it
   */
  public static City start(Vertx vertx, Path dir, Clock clock, PrintWriter out) throws Exception {
    return start(vertx, dir, clock, out, Variants.embedded());
  }

  /**
   * Starts the city with the given variants; blocks the calling thread (never an event loop) until
   * the broker listens.
   *
   * @param variants which parts real servers play (the demo: {@link Variants#embedded()})
   * @throws Exception when a part does not start, naming it
   */
  public static City start(Vertx vertx, Path dir, Clock clock, PrintWriter out, Variants variants) throws Exception {
    Ecosystem ecosystem = Ecosystem.create(clock);
    Ecosystem.Running twins = await(ecosystem.startTwins(vertx));
    LegacyBusCompany bus = await(new LegacyBusCompany().start(vertx));
    Path model = thermalModel(dir);
    Map<String, String> placeholders = Map.of("BUS_API", bus.baseUrl());
    AdapterSettings defaults = TwinguardSettings.defaults().adapters();
    Adapters adapters = StandardAdapters.create(new StandardAdapters.Options(new SandboxOptions(
        defaults.bwrap(), defaults.strace(), defaults.prlimit(), dir.resolve("artefacts")),
        variants.thermal().interpreter().orElse(defaults.python())));
    Registry registry = twins.registry();
    JsonArray adapted = Resources.yaml("smart-city-adapted.yaml", placeholders).getJsonArray("twins").copy();
    Resources.yaml(variants.thermal().declaration(), variants.thermal().placeholders(model)).getJsonArray("twins")
        .forEach(adapted::add);
    Optional<VentController> vents = Optional.empty();
    if (variants.gateway() instanceof Gateway.Mqtt mqtt) {
      Resources.yaml("hvac-vents-mqtt.yaml", mqtt.placeholders()).getJsonArray("twins").forEach(adapted::add);
      vents = Optional.of(await(
          VentController.start(vertx, mqtt.port(), mqtt.ca(), mqtt.deviceCert(), mqtt.deviceKey())));
    }
    for (int i = 0; i < adapted.size(); i++) {
      registry = registry.with(RegistryCodec.twinFromJson(adapted.getJsonObject(i), "twins[" + i + "]", adapters));
    }
    Map<String, Adapter> running = await(new TwinAdapters(vertx, adapters).start(registry));
    out.printf("  %d example twins up with X.509-SVIDs of a fresh ecosystem CA; %d legacy twins behind adapters%n",
        twins.servers().size(), running.size());
    out.printf("  %s; UC1's thermal model: %s; UC1's vent events: %s%n", variants.describe(),
        variants.thermal().describe(), variants.gateway().describe());
    SettingsLoader loader = SettingsLoader.defaults().environment(Map.of())
        .option("data_dir", "--data-dir", dir.toString())
        .option("leases.ttl_s", "examples", LEASE_TTL_S);
    int port = 0;
    if (variants.portal() instanceof Portal.Api api) {
      // the portal's public address (tokens' DPoP proofs name it) must be known before the broker listens
      port = freePort();
      loader = loader.option("identity.keycloak_url", "examples", api.issuer().toString())
          .option("consent.public_url", "examples", "https://127.0.0.1:" + port + "/consent");
    }
    TwinguardSettings settings = loader.load().settings();
    PolicyEngine engine = await(InProcessPolicyEngine.start(
        vertx, Bundle.fromFiles(BundleFiles.bundled()), settings.policy().timeout()));
    out.printf("  policies: bundle %s evaluated in-process (Wasm)%n", engine.revision());
    out.println("  audit log: an embedded PostgreSQL (its first start unpacks it: a few seconds)");
    AuditLog log = await(AuditLog.open(vertx, LogConfig.from(settings)));
    Catalog catalog = Catalog.of(registry, running);
    Broker[] started = new Broker[1];
    ConsentWiring consent = await(ConsentWiring.open(vertx, settings, ecosystem.broker(), log,
        () -> started[0] == null ? catalog : started[0].catalog(), clock));
    started[0] = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), catalog, consent.source(), engine, new LogAuditTrail(log),
            Optional.of(log), List.of(), consent.apis(), Optional.empty(), adapters),
        Broker.Tuning.of(settings, Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", port), clock));
    out.printf("  broker on https://127.0.0.1:%d (TLS 1.3, client certificates), consent service on the log's "
        + "database; %s%n", started[0].port(), consent.description());
    Citizen citizen = variants.portal() instanceof Portal.Api api
        ? Citizen.api(api.app(), URI.create("https://127.0.0.1:" + started[0].port() + "/consent/api/v1"))
        : Citizen.inProcess(consent.service());
    return new City(vertx, clock, ecosystem, twins, bus, engine, log, consent, started[0], placeholders, variants,
        variants.thermal().artefact(model), vents, citizen);
  }

  /** The client of the twin named {@code name} (or of {@link Ecosystem#ADMIN}), made once. */
  TwinClient client(String name) {
    return clients.computeIfAbsent(name, n -> new TwinClient(vertx, ecosystem, n, broker.port(), clock));
  }

  /** A twin a scenario started (a replacement); it stops with the city. */
  void started(HttpServer server) {
    extra.add(server);
  }

  /** The SPIFFE ID of the twin named {@code name}. */
  String id(String name) {
    return ecosystem.twin(name).spiffeId();
  }

  /** Stops the broker, the twins, the consent service, the engine and the log. */
  public void close() throws Exception {
    clients.values().forEach(TwinClient::close);
    await(broker.stop());
    if (vents.isPresent()) {
      await(vents.get().stop());
    }
    engine.close();
    await(consent.close());
    await(log.close());
    await(bus.stop());
    await(twins.stop());
    for (HttpServer server : extra) {
      await(server.close());
    }
  }

  /** Writes the HVAC company's thermal model as an executable; the adapter copies and hashes it. */
  private static Path thermalModel(Path dir) throws IOException {
    Path models = Files.createDirectories(dir.resolve("models"));
    Path model = models.resolve("thermal-model");
    Files.writeString(model, "#!/usr/bin/python3\n" + Resources.text("thermal-model.py"), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rwxr-xr-x"));
    return model;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
  }
}
