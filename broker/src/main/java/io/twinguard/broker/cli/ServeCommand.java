package io.twinguard.broker.cli;

import io.twinguard.audit.anchor.AnchorConfig;
import io.twinguard.audit.anchor.AnchoringService;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.FabricNetwork;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.broker.Broker;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.config.Settings;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.forward.Forwarder;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.logging.JsonLogFormatter;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.RemotePolicyEngines;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.CaDirectoryException;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard serve}: runs the broker from settings (defaults, a config file, TWINGUARD_*
 * variables) until it is stopped (Ctrl-C or SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the broker.",
        "Settings come from the defaults, then --config FILE (YAML), then TWINGUARD_* variables;",
        "--print-config lists every setting with its variable."})
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file.")
  Path config;

  @Option(names = "--print-config", description = "Print the effective settings and exit.")
  boolean printConfig;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A broker started by {@link #start}, with what it owns. */
  public record Running(Vertx vertx, Broker broker, PolicyEngine engine, AuditLog log,
      Optional<Anchoring> anchoring) implements AutoCloseable {
    /**
     * Stops the broker, then the engine, the audit log and Vert.x; blocks until done. Call it from
     * a thread of your own, never from a Vert.x thread.
     */
    @Override
    public void close() {
      try {
        await(broker.stop());
        engine.close();
        anchoring.ifPresent(Anchoring::close);
        await(log.close());
      } finally {
        await(vertx.close());
      }
    }
  }

  /** The anchoring service with its Fabric client. */
  public record Anchoring(AnchoringService service, FabricAnchorClient client) {
    void close() {
      await(service.stop());
      client.close();
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings;
    try {
      settings = Settings.load(config, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (printConfig) {
      settings.describe().forEach(out::println);
      return 0;
    }
    logJson();
    Running running;
    try {
      running = start(settings, Clock.systemUTC(), out);
    } catch (StartupException e) {
      spec.commandLine().getErr().println("twinguard serve: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("twinguard serve: stopping");
      out.flush();
      running.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  /** Logs as JSON lines, with one line per call (decision id, caller, target, outcome, status). */
  private static void logJson() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFormatter(new JsonLogFormatter());
      handler.setLevel(Level.ALL);
    }
    CALL_LOG.setLevel(Level.FINE);
  }

  private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

  /** Held here: java.util.logging keeps loggers weakly, and would forget the level. */
  private static final Logger CALL_LOG = Logger.getLogger("io.twinguard.broker.call");

  /** Why the broker could not start: a message for the operator, naming what to fix. */
  public static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts the broker from {@code settings}.
   *
   * @throws StartupException naming the setting or file to fix
   */
  public static Running start(Settings settings, Clock clock, PrintWriter out) throws StartupException {
    Path dataDir = Path.of(settings.string("data.dir").isBlank()
        ? System.getProperty("user.home") + "/.twinguard" : settings.string("data.dir"));
    Path caDir = settings.string("ca_dir").isBlank() ? dataDir.resolve("ca") : Path.of(settings.string("ca_dir"));
    CaDirectory ca;
    try {
      ca = CaDirectory.open(caDir, clock);
    } catch (CaDirectoryException e) {
      throw new StartupException("no ecosystem CA in " + caDir + " (create one with: twinguard ca init --dir "
          + caDir + " --trust-domain " + settings.string("trust_domain") + ")", e);
    }
    BrokerIdentity identity = identity(settings, ca);
    Catalog catalog = catalog(settings);
    ConsentSource consents = consents(settings);
    Vertx vertx = Vertx.vertx();
    try {
      PolicyEngine engine = await(engine(vertx, settings));
      LogConfig logConfig = logConfig(settings, dataDir);
      AuditLog log = await(AuditLog.open(vertx, logConfig));
      Optional<Anchoring> anchoring = anchoring(vertx, log, settings, logConfig);
      Broker broker = await(Broker.start(vertx,
          new Broker.Parts(identity, catalog, consents, engine, new LogAuditTrail(log)),
          new Broker.Tuning(
              settings.string("listen.host"),
              settings.integer("listen.port"),
              settings.integer("body_limit_bytes"),
              Duration.ofSeconds(settings.integer("signatures.window_s")),
              settings.integer("signatures.nonce_capacity"),
              Duration.ofSeconds(settings.integer("leases.ttl_s")),
              new Forwarder.Options(settings.integer("forward.timeout_ms"),
                  settings.integer("forward.breaker_max_failures"), settings.integer("forward.breaker_reset_ms")),
              admins(settings, identity)),
          clock));
      reloadCrl(vertx, ca, identity, settings.integer("crl_reload_s"));
      out.printf("twinguard serve: broker %s on https://%s:%d, %d twins, policies %s (%s), audit log %s, %s%n",
          identity.spiffeId(), settings.string("listen.host"), broker.port(), catalog.registry().twins().size(),
          engine.revision(), settings.string("policy.engine"), log.origin(),
          anchoring.isPresent() ? "anchored on Fabric" : "not anchored (fabric.dir unset)");
      out.flush();
      return new Running(vertx, broker, engine, log, anchoring);
    } catch (RuntimeException e) {
      await(vertx.close());
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static BrokerIdentity identity(Settings settings, CaDirectory ca) throws StartupException {
    String spiffeId = "spiffe://" + ca.authority().trustDomain().name() + "/broker";
    TrustMaterial trust;
    try {
      trust = ca.trustMaterial();
    } catch (CaDirectoryException e) {
      throw new StartupException("the CA's trust material is unreadable: " + e.getMessage(), e);
    }
    String certFile = settings.string("server.cert");
    String keyFile = settings.string("server.key");
    if (certFile.isBlank() != keyFile.isBlank()) {
      throw new StartupException("server.cert and server.key must be given together", null);
    }
    try {
      if (!certFile.isBlank()) {
        X509Certificate certificate = TrustMaterial.parseCertificate(Files.readAllBytes(Path.of(certFile)));
        PrivateKey key = Keys.readPrivateKey(Path.of(keyFile), null);
        return new BrokerIdentity(spiffeId, key, certificate, trust);
      }
      CaDirectory.Issued issued = ca.issueServer(List.of("localhost"), List.of(settings.string("listen.host")),
          SpiffeId.parse(spiffeId), KeyAlgorithm.ECDSA_P256, Duration.ofDays(30));
      return new BrokerIdentity(spiffeId, issued.keyPair().getPrivate(), issued.certificate(), trust);
    } catch (IOException | GeneralSecurityException | KeyFileException | CaDirectoryException e) {
      throw new StartupException("the broker's certificate or key is unusable: " + e.getMessage(), e);
    }
  }

  private static Set<String> admins(Settings settings, BrokerIdentity identity) {
    String listed = settings.string("admins");
    if (listed.isBlank()) {
      return Set.of(identity.spiffeId().substring(0, identity.spiffeId().lastIndexOf('/')) + "/admin");
    }
    return Arrays.stream(listed.split(",")).map(String::trim).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
  }

  private static Catalog catalog(Settings settings) throws StartupException {
    String file = settings.string("registry");
    if (file.isBlank()) {
      throw new StartupException("no registry: set registry (or TWINGUARD_REGISTRY) to the twin registry YAML file", null);
    }
    try {
      return Catalog.of(RegistryCodec.parseYaml(Files.readString(Path.of(file), StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException("registry " + file + ": " + e.getMessage(), e);
    }
  }

  private static ConsentSource consents(Settings settings) throws StartupException {
    String file = settings.string("consents");
    if (file.isBlank()) {
      return FixtureConsents.none();
    }
    try {
      return FixtureConsents.parseYaml(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException("consents " + file + ": " + e.getMessage(), e);
    }
  }

  private static Future<PolicyEngine> engine(Vertx vertx, Settings settings) {
    Duration timeout = Duration.ofMillis(settings.integer("policy.timeout_ms"));
    return switch (settings.string("policy.engine")) {
      case "wasm" -> InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
          InProcessPolicyEngine.DEFAULT_INSTANCES, timeout).map(engine -> engine);
      case "opa" -> Future.succeededFuture(
          RemotePolicyEngines.opaServer(vertx, URI.create(settings.string("policy.opa_url")), timeout));
      default -> Future.failedFuture(new IllegalArgumentException(
          "policy.engine must be wasm or opa, not '" + settings.string("policy.engine") + "'"));
    };
  }

  /** Re-reads the CA's CRL periodically, so that a revocation takes effect without a restart. */
  private static void reloadCrl(Vertx vertx, CaDirectory ca, BrokerIdentity identity, int seconds) {
    vertx.setPeriodic(TimeUnit.SECONDS.toMillis(Math.max(1, seconds)), id -> vertx
        .executeBlocking(ca::trustMaterial)
        .onSuccess(identity::updateTrust)
        .onFailure(failure -> LOG.warning("CRL not reloaded, the previous one stays in force: " + failure.getMessage())));
  }

  private static Optional<Anchoring> anchoring(Vertx vertx, AuditLog log, Settings settings, LogConfig logConfig) {
    AnchorConfig config = AnchorConfig.resolve(Map.of(
        AnchorConfig.FABRIC_DIR, settings.string("fabric.dir"),
        AnchorConfig.DEADLINE_MILLIS, Integer.toString(settings.integer("fabric.deadline.ms")),
        AnchorConfig.EVERY_RECORDS, Integer.toString(settings.integer("anchor.every.records")),
        AnchorConfig.EVERY_MILLIS, Integer.toString(settings.integer("anchor.every.ms"))), Map.of(), Optional.empty(), logConfig);
    if (!config.enabled()) {
      return Optional.empty();
    }
    FabricAnchorClient client;
    try {
      client = FabricAnchorClient.connect(FabricNetwork.read(config.fabricDir().orElseThrow()), config.deadline());
    } catch (IOException e) {
      throw new IllegalStateException("fabric.dir " + config.fabricDir().orElseThrow() + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(new Anchoring(await(AnchoringService.start(vertx, log, client, config.options())), client));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static LogConfig logConfig(Settings settings, Path dataDir) {
    String keyFile = settings.string("log.key.file");
    String dbUrl = settings.string("db.url");
    return new LogConfig(
        dbUrl.isBlank() ? Optional.empty() : Optional.of(dbUrl),
        dataDir,
        settings.string("log.origin"),
        keyFile.isBlank() ? dataDir.resolve("audit-log-key.pem") : Path.of(keyFile),
        settings.integer("log.max.batch"),
        Duration.ofMillis(settings.integer("log.max.age.ms")));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }
}
