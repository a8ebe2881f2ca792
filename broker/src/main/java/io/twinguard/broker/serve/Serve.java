package io.twinguard.broker.serve;

import static io.twinguard.broker.serve.Running.await;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.StandardAdapters;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.audit.anchor.AnchorConfig;
import io.twinguard.audit.anchor.AnchoringService;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.FabricNetwork;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.broker.Broker;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.cluster.ClusterSharing;
import io.twinguard.broker.cluster.Clustering;
import io.twinguard.broker.cluster.Sharing;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.lifecycle.PolicyLifecycle;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.common.settings.AdapterSettings;
import io.twinguard.common.settings.ClusterSettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.CaDirectoryException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Starts the broker from the settings tree: the ecosystem CA and the broker's identity, the adapter
 * types (wired here and nowhere else), the registry with its twins' adapters, the policy engine
 * (with bundle reloading), the audit log (with Fabric anchoring when {@code fabric.dir} is set), the
 * policy lifecycle (rollout, replay snapshots, shadow mode, explanations) and the consent service
 * with the citizen portal ({@link ConsentWiring}) on the log's database, the identity provider
 * (when {@code identity.keycloak_url} is set, {@link IdentityProviders}), the cluster of brokers it
 * joins (when {@code cluster.enabled}; its registry and mode then replace the file's), and the
 * servers; the CA's CRL is re-read so that a revocation takes effect without a restart.
 */
public final class Serve {

  private static final Logger LOG = Logger.getLogger(Serve.class.getName());

  private Serve() {}

  /**
   * Starts the broker and prints one line saying what runs where.
   *
   * @throws StartupException naming the setting or file to fix
   */
  public static Running start(TwinguardSettings settings, Clock clock, PrintWriter out) throws StartupException {
    CaDirectory ca;
    try {
      ca = CaDirectory.open(settings.caDir(), clock);
    } catch (CaDirectoryException e) {
      throw new StartupException("no ecosystem CA in " + settings.caDir() + " (create one with: twinguard ca init --dir "
          + settings.caDir() + " --trust-domain " + settings.trustDomain() + ")", e);
    }
    BrokerIdentity identity = BrokerIdentities.of(ca, settings.server(), settings.listen().host());
    Adapters adapters = adapters(settings.adapters());
    Registry registry = registry(settings.registry(), adapters);
    Clustering.Member member = settings.cluster().enabled() ? cluster(settings.cluster()) : null;
    Vertx vertx = member == null ? Vertx.vertx() : member.vertx();
    Sharing sharing = member == null ? Sharing.standalone()
        : new ClusterSharing(vertx, member.manager(), settings.cluster(), clock);
    Catalog catalog;
    try {
      catalog = catalog(vertx, registry, adapters, settings.registry().orElseThrow());
    } catch (RuntimeException e) {
      await(vertx.close());
      throw new StartupException(e.getMessage(), e);
    }
    try {
      PolicyRuntime policies = await(PolicyRuntime.start(vertx, settings.policy()));
      LogConfig logConfig = LogConfig.from(settings);
      AuditLog log = await(AuditLog.open(vertx, logConfig));
      LogAuditTrail trail = new LogAuditTrail(log);
      PolicyLifecycle lifecycle = await(PolicyLifecycle.start(vertx, log, trail, policies.governed(), catalog,
          settings.policy(), clock));
      Optional<Running.Anchoring> anchoring = anchoring(vertx, log, AnchorConfig.from(settings));
      AtomicReference<Broker> started = new AtomicReference<>();
      ConsentWiring consent = await(ConsentWiring.open(vertx, settings, identity, log,
          () -> started.get() == null ? catalog : started.get().catalog(), clock));
      Optional<IdentityProvider> identityProvider = IdentityProviders.start(vertx, settings.identity(), clock);
      Broker broker = await(Broker.start(vertx,
          new Broker.Parts(identity, catalog, consent.source(), policies.engine(), trail, Optional.of(log),
              List.of(policies.readiness(), lifecycle.readiness()), consent.apis(), Optional.of(lifecycle),
              identityProvider, adapters, sharing),
          Broker.Tuning.of(settings, new HashSet<>(BrokerIdentities.admins(settings.admins(), identity))), clock));
      started.set(broker);
      reloadCrl(vertx, ca, identity, settings);
      out.printf("twinguard serve: broker %s on https://%s:%d, %d twins, policies %s from %s, audit log %s, %s, %s, %s, %s%n",
          identity.spiffeId(), settings.listen().host(), broker.port(), broker.catalog().registry().twins().size(),
          policies.engine().revision(), policies.source(), log.origin(),
          anchoring.isPresent() ? "anchored on Fabric" : "not anchored (fabric.dir unset)", consent.description(),
          IdentityProviders.describe(identityProvider), member == null ? "standalone" : "cluster "
              + settings.cluster().name() + " member " + member.manager().getNodeId() + " of "
              + member.manager().getNodes().size());
      out.flush();
      return new Running(vertx, broker, policies, lifecycle, log, anchoring, consent);
    } catch (RuntimeException e) {
      await(TwinAdapters.closeAll(catalog));
      await(vertx.close());
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static Clustering.Member cluster(ClusterSettings settings) throws StartupException {
    try {
      return await(Clustering.join(settings));
    } catch (IllegalStateException e) {
      throw new StartupException("cluster " + settings.name() + " on " + settings.host() + ":" + settings.port()
          + " not joined: " + e.getMessage(), e);
    }
  }

  /**
   * The adapter types: the one place where the standard adapters are wired. Blocking (it sets up
   * the sandbox's artefact store).
   */
  private static Adapters adapters(AdapterSettings settings) {
    return StandardAdapters.create(new StandardAdapters.Options(
        new SandboxOptions(settings.bwrap(), settings.strace(), settings.prlimit(), settings.artefactStore()),
        settings.python()));
  }

  private static Registry registry(Optional<Path> file, Adapters adapters) throws StartupException {
    if (file.isEmpty()) {
      throw new StartupException("no registry: set registry (or TWINGUARD_REGISTRY) to the twin registry YAML file", null);
    }
    try {
      return RegistryCodec.parseYaml(Files.readString(file.get(), StandardCharsets.UTF_8), adapters);
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException("registry " + file.get() + ": " + e.getMessage(), e);
    }
  }

  /** The registry with the adapters of its twins running; a twin whose adapter cannot be created is refused. */
  private static Catalog catalog(Vertx vertx, Registry registry, Adapters adapters, Path file) {
    Map<String, Adapter> running;
    try {
      running = await(new TwinAdapters(vertx, adapters).start(registry));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("registry " + file + ": " + e.getMessage(), e);
    }
    try {
      return Catalog.of(registry, running);
    } catch (RuntimeException e) {
      running.values().forEach(Adapter::close);
      throw e;
    }
  }

  /** Re-reads the CA's CRL periodically, so that a revocation takes effect without a restart. */
  private static void reloadCrl(Vertx vertx, CaDirectory ca, BrokerIdentity identity, TwinguardSettings settings) {
    vertx.setPeriodic(settings.crlReload().toMillis(), id -> vertx
        .executeBlocking(ca::trustMaterial)
        .onSuccess(identity::updateTrust)
        .onFailure(failure -> LOG.warning("CRL not reloaded, the previous one stays in force: " + failure.getMessage())));
  }

  private static Optional<Running.Anchoring> anchoring(Vertx vertx, AuditLog log, AnchorConfig config) {
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
      return Optional.of(new Running.Anchoring(await(AnchoringService.start(vertx, log, client, config.options())),
          client));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }
}
