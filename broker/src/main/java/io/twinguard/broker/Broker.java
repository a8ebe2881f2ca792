package io.twinguard.broker;

import io.twinguard.adapters.Adapters;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.adapter.AdapterTargets;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.access.ApiAccess;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.server.Refuse;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.cluster.Sharing;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.forward.Forwarder;
import io.twinguard.broker.forward.TwinTargets;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.lifecycle.PolicyLifecycle;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.pipeline.CallFlow;
import io.twinguard.broker.pipeline.EventFlow;
import io.twinguard.broker.pipeline.Steps;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.server.BrokerServer;
import io.twinguard.broker.server.Readiness;
import io.twinguard.broker.server.Routes;
import io.twinguard.common.settings.LogSettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.policies.PolicyEngine;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker wired together, in one place: identity, registry (with its running adapters), consents,
 * policy engine, audit trail, adapter types and where the state shared with other brokers lives go
 * in; the pipeline's steps are built here, by constructor; one HTTPS server per event loop comes
 * out, all sharing the steps.
 */
public final class Broker {

  /**
   * What the broker is built from.
   *
   * @param identity who the broker is and whom it trusts
   * @param catalog the registry and its compiled schemas
   * @param consents where consents are read
   * @param engine the policy engine
   * @param audit where every call is recorded
   * @param log the audit log behind {@code audit}, for the auditors' API; empty: no audit API
   * @param readiness more checks for {@code /ready} besides the policy engine and the audit trail
   * @param apis more APIs mounted beside the admin and audit APIs (the consent portal), each once
   *     per server instance
   * @param lifecycle the policy lifecycle (its API, replay snapshots, shadow); empty: none
   * @param identityProvider whose access tokens twins and people may present; empty: certificates only
   * @param adapters the adapter types, for twins put through the admin API (those of {@code catalog} run)
   *     and registries that come from other brokers
   * @param sharing where nonces, leases, mode and registry are kept: this process ({@link
   *     Sharing#standalone}) or a cluster of brokers; its checks join {@code /ready}
   */
  public record Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
      AuditTrail audit, Optional<AuditLog> log, List<Readiness> readiness, List<Api> apis,
      Optional<PolicyLifecycle> lifecycle, Optional<IdentityProvider> identityProvider, Adapters adapters,
      Sharing sharing) {
    public Parts {
      readiness = List.copyOf(readiness);
      apis = List.copyOf(apis);
    }

    /** The parts of a broker that takes certificates only. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
        AuditTrail audit, Optional<AuditLog> log, List<Readiness> readiness, List<Api> apis,
        Optional<PolicyLifecycle> lifecycle, Adapters adapters) {
      this(identity, catalog, consents, engine, audit, log, readiness, apis, lifecycle, Optional.empty(), adapters,
          Sharing.standalone());
    }

    /** The parts of a broker without adapter types. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
        AuditTrail audit, Optional<AuditLog> log, List<Readiness> readiness, List<Api> apis,
        Optional<PolicyLifecycle> lifecycle, Optional<IdentityProvider> identityProvider) {
      this(identity, catalog, consents, engine, audit, log, readiness, apis, lifecycle, identityProvider,
          new Adapters(List.of()), Sharing.standalone());
    }

    /** The parts of a broker without a policy lifecycle or adapter types that takes certificates only. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
        AuditTrail audit, Optional<AuditLog> log, List<Readiness> readiness, List<Api> apis) {
      this(identity, catalog, consents, engine, audit, log, readiness, apis, Optional.empty(), Optional.empty());
    }

    /** The parts of a broker recording on {@code log}, with its audit API. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine, AuditLog log) {
      this(identity, catalog, consents, engine, new LogAuditTrail(log), Optional.of(log), List.of(), List.of());
    }

    /** The parts of a broker recording on {@code audit}, without an audit API, further checks or adapter types. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
        AuditTrail audit) {
      this(identity, catalog, consents, engine, audit, Optional.empty(), List.of(), List.of());
    }

    /** These parts with more APIs mounted beside the broker's own. */
    public Parts with(List<Api> more) {
      List<Api> all = new ArrayList<>(apis);
      all.addAll(more);
      return new Parts(identity, catalog, consents, engine, audit, log, readiness, all, lifecycle, identityProvider,
          adapters, sharing);
    }
  }

  /**
   * The broker's tunables.
   *
   * @param host listen address
   * @param port listen port; 0 binds a free port (then one server, not one per event loop)
   * @param bodyLimit largest request body, bytes
   * @param signatureWindow how far a signature's created time may lie from now
   * @param clockSkew how far a caller's clock may be from the broker's (for expires and created)
   * @param nonceCapacity most nonces remembered at once
   * @param leaseTtl how long a command holds its actuators
   * @param forward forwarding timeouts and circuit breakers
   * @param admins the administrators' SPIFFE IDs: every role of the broker's own APIs but citizen
   * @param writeAheadEveryCall whether reads are recorded before forwarding too, not only commands
   * @param idleTimeout how long a connection may be silent before it is closed
   */
  public record Tuning(String host, int port, long bodyLimit, Duration signatureWindow, Duration clockSkew,
      int nonceCapacity, Duration leaseTtl, Forwarder.Options forward, Set<String> admins,
      boolean writeAheadEveryCall, Duration idleTimeout) {
    public Tuning {
      admins = Set.copyOf(admins);
    }

    /** The tuning the settings give, with {@code admins} as the administrators. */
    public static Tuning of(TwinguardSettings settings, Set<String> admins) {
      return new Tuning(settings.listen().host(), settings.listen().port(), settings.bodyLimitBytes(),
          settings.signatures().window(), settings.signatures().clockSkew(), settings.signatures().nonceCapacity(),
          settings.leases().ttl(),
          new Forwarder.Options(settings.forward().timeoutMs(), settings.forward().breakerMaxFailures(),
              settings.forward().breakerResetMs()),
          admins, settings.log().writeAhead() == LogSettings.WriteAhead.ALL, settings.listen().idleTimeout());
    }

    /** This tuning listening elsewhere. */
    public Tuning listening(String atHost, int atPort) {
      return new Tuning(atHost, atPort, bodyLimit, signatureWindow, clockSkew, nonceCapacity, leaseTtl, forward,
          admins, writeAheadEveryCall, idleTimeout);
    }
  }

  private final Vertx vertx;
  private final EcosystemState state;
  private final Forwarder forwarder;
  private final String deployment;
  private final int port;

  private Broker(Vertx vertx, EcosystemState state, Forwarder forwarder, String deployment, int port) {
    this.vertx = vertx;
    this.state = state;
    this.forwarder = forwarder;
    this.deployment = deployment;
    this.port = port;
  }

  /**
   * Starts the broker; the future holds it once every server listens. In a cluster, the registry and
   * mode the cluster holds replace those of {@code parts} (keeping the adapters of the twins declared
   * alike); a cluster that does not answer fails the start.
   */
  public static Future<Broker> start(Vertx vertx, Parts parts, Tuning tuning, Clock clock) {
    TwinAdapters adapters = new TwinAdapters(vertx, parts.adapters());
    return parts.sharing().ecosystem(new EcosystemState.Snapshot(parts.catalog(), PolicyInputs.Mode.NORMAL), adapters)
        .compose(state -> assemble(vertx, parts, tuning, clock, state, adapters));
  }

  private static Future<Broker> assemble(Vertx vertx, Parts parts, Tuning tuning, Clock clock, EcosystemState state,
      TwinAdapters adapters) {
    BrokerMetrics metrics = new BrokerMetrics();
    parts.log().ifPresent(log -> metrics.bind(log.metrics()));
    Forwarder forwarder = new Forwarder(vertx, parts.identity(), clock, tuning.forward());
    TwinTargets targets = new TwinTargets(forwarder, new AdapterTargets());
    Steps steps = Wiring.steps(parts, tuning, clock, state, metrics, targets);
    Future<List<Api>> mounted = OwnApis.of(vertx, parts,
        new ApiAccess(parts.identity(), tuning.admins(), parts.identityProvider(), clock), state, adapters, clock);
    BrokerServer.Options options = new BrokerServer.Options(tuning.host(), tuning.port(), tuning.idleTimeout());
    AtomicInteger bound = new AtomicInteger();
    int instances = tuning.port() == 0 ? 1 : Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
    return mounted
        .compose(all -> {
          Routes routes = new Routes(new CallFlow(steps, metrics), new EventFlow(steps, metrics, clock),
              new Refuse(steps.record(), steps.sign(), clock), metrics,
              all, Wiring.readiness(vertx, parts, state), clock, tuning.bodyLimit());
          return vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
              return new BrokerServer(vertx, parts.identity(), routes, options).start()
                  .onSuccess(http -> bound.set(http.actualPort()));
            }
          }, new DeploymentOptions().setInstances(instances));
        })
        .map(id -> new Broker(vertx, state, forwarder, id, bound.get()))
        .onFailure(failure -> TwinAdapters.closeAll(state.current().catalog()).onComplete(closed -> forwarder.close()));
  }

  /** The port the broker listens on. */
  public int port() {
    return port;
  }

  /** The registry in force at this broker. */
  public Catalog catalog() {
    return state.current().catalog();
  }

  /**
   * Replaces the registry at this broker alone, unrecorded (tests; the admin API changes it at every
   * broker); calls in flight finish on the one they started with (its adapters are the caller's).
   */
  public void catalog(Catalog next) {
    state.force(state.current().with(next));
  }

  /** Switches this broker alone between normal and emergency mode, unrecorded (tests). */
  public void mode(PolicyInputs.Mode next) {
    state.force(state.current().with(next));
  }

  /** Stops the servers, the forwarder and the registry's adapters; the engine and the audit log are the caller's. */
  public Future<Void> stop() {
    return vertx.undeploy(deployment).eventually(() -> TwinAdapters.closeAll(state.current().catalog()))
        .onComplete(done -> forwarder.close());
  }
}
