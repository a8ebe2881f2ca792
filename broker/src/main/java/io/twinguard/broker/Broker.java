package io.twinguard.broker;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.admin.Administrators;
import io.twinguard.broker.admission.Admit;
import io.twinguard.broker.server.Refuse;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.arbitration.Arbitrate;
import io.twinguard.broker.audit.AuditGate;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.audit.Record;
import io.twinguard.broker.audit.WriteAhead;
import io.twinguard.broker.auditapi.AuditApi;
import io.twinguard.broker.authentication.Authenticate;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.cluster.Sharing;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.decision.Decide;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.forward.Forward;
import io.twinguard.broker.forward.Forwarder;
import io.twinguard.broker.forward.OpenEvents;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.identity.SigningCertificateApi;
import io.twinguard.broker.lifecycle.PolicyLifecycle;
import io.twinguard.broker.lifecycle.api.RoleGate;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.obligations.Release;
import io.twinguard.broker.pipeline.CallFlow;
import io.twinguard.broker.pipeline.EventFlow;
import io.twinguard.broker.pipeline.Steps;
import io.twinguard.broker.registry.Resolve;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.server.BrokerServer;
import io.twinguard.broker.server.Readiness;
import io.twinguard.broker.server.Routes;
import io.twinguard.broker.validation.ValidatePayload;
import io.twinguard.common.settings.LogSettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.broker.verification.VerifySignature;
import io.twinguard.policies.PolicyEngine;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker wired together, in one place: identity, registry, consents, policy engine and audit
 * trail go in; the pipeline's steps are built here, by constructor; one HTTPS server per event loop
 * comes out, all sharing the steps.
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
   */
  public record Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
      AuditTrail audit, Optional<AuditLog> log, List<Readiness> readiness, List<Api> apis,
      Optional<PolicyLifecycle> lifecycle) {
    public Parts {
      readiness = List.copyOf(readiness);
      apis = List.copyOf(apis);
    }

    /** The parts of a broker without a policy lifecycle. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
        AuditTrail audit, Optional<AuditLog> log, List<Readiness> readiness, List<Api> apis) {
      this(identity, catalog, consents, engine, audit, log, readiness, apis, Optional.empty());
    }

    /** The parts of a broker recording on {@code log}, with its audit API. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine, AuditLog log) {
      this(identity, catalog, consents, engine, new LogAuditTrail(log), Optional.of(log), List.of(), List.of());
    }

    /** The parts of a broker recording on {@code audit}, without an audit API or further checks. */
    public Parts(BrokerIdentity identity, Catalog catalog, ConsentSource consents, PolicyEngine engine,
        AuditTrail audit) {
      this(identity, catalog, consents, engine, audit, Optional.empty(), List.of(), List.of());
    }

    /** These parts with more APIs mounted beside the broker's own. */
    public Parts with(List<Api> more) {
      List<Api> all = new ArrayList<>(apis);
      all.addAll(more);
      return new Parts(identity, catalog, consents, engine, audit, log, readiness, all, lifecycle);
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
   * @param admins the SPIFFE IDs allowed to use the admin API
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

  /** Starts a standalone broker; the future holds it once every server listens. */
  public static Future<Broker> start(Vertx vertx, Parts parts, Tuning tuning, Clock clock) {
    return start(vertx, parts, tuning, clock, Sharing.standalone());
  }

  /** Starts a broker whose nonces, leases, mode and registry {@code sharing} keeps (its checks: in parts). */
  public static Future<Broker> start(Vertx vertx, Parts parts, Tuning tuning, Clock clock, Sharing sharing) {
    return sharing.ecosystem(new EcosystemState.Snapshot(parts.catalog(), PolicyInputs.Mode.NORMAL))
        .compose(state -> assemble(vertx, parts, tuning, clock, sharing, state));
  }

  private static Future<Broker> assemble(Vertx vertx, Parts parts, Tuning tuning, Clock clock, Sharing sharing,
      EcosystemState state) {
    BrokerMetrics metrics = new BrokerMetrics();
    Forwarder forwarder = new Forwarder(vertx, parts.identity(), clock, tuning.forward());
    Arbitrate arbitrate = new Arbitrate(sharing.leases(clock, tuning.leaseTtl()));
    SignAnswer sign = new SignAnswer(parts.identity(), clock);
    Steps steps = new Steps(
        new Authenticate(() -> state.current().catalog(), parts.identity(), clock),
        new Admit(),
        new Resolve(),
        new VerifySignature(sharing.nonces(new ReplayGuard(clock, tuning.signatureWindow(), tuning.nonceCapacity())),
            clock, tuning.clockSkew()),
        new ValidatePayload(),
        new Decide(parts.engine(), parts.consents(), () -> state.current().mode(), PolicyLifecycle.hooks(parts.lifecycle(), metrics)),
        arbitrate,
        new AuditGate(parts.audit()),
        new WriteAhead(parts.audit(), tuning.writeAheadEveryCall(), arbitrate::release),
        new Forward(forwarder, arbitrate::release),
        new OpenEvents(forwarder),
        new Release(),
        new Record(parts.audit(), clock),
        sign);
    Administrators administrators = new Administrators(parts.identity(), tuning.admins(), clock);
    List<Api> apis = new ArrayList<>();
    apis.add(new AdminApi(state, administrators, parts.audit(), clock));
    apis.add(new SigningCertificateApi(parts.identity()));
    parts.lifecycle().ifPresent(lifecycle -> apis.add(lifecycle.api(RoleGate.administrators(administrators))));
    Future<List<Api>> mounted = parts.log()
        .map(log -> AuditApi.create(vertx, log).map(audit -> {
          apis.add((router, refuse) -> {
            router.route(AuditApi.PREFIX + "/*").handler(administrators.gate(refuse));
            audit.mount(router, refuse);
          });
          return apis;
        }))
        .orElseGet(() -> Future.succeededFuture(apis))
        .map(own -> {
          own.addAll(parts.apis());
          return own;
        });
    BrokerServer.Options options = new BrokerServer.Options(tuning.host(), tuning.port(), tuning.idleTimeout());
    AtomicInteger bound = new AtomicInteger();
    int instances = tuning.port() == 0 ? 1 : Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
    return mounted
        .compose(all -> {
          Routes routes = new Routes(new CallFlow(steps, metrics), new EventFlow(steps, metrics, clock),
              new Refuse(steps.record(), sign, clock), metrics,
              all, readiness(parts), clock, tuning.bodyLimit());
          return vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
              return new BrokerServer(vertx, parts.identity(), routes, options).start()
                  .onSuccess(http -> bound.set(http.actualPort()));
            }
          }, new DeploymentOptions().setInstances(instances));
        })
        .map(id -> new Broker(vertx, state, forwarder, id, bound.get()))
        .onFailure(failure -> forwarder.close());
  }

  private static List<Readiness> readiness(Parts parts) {
    List<Readiness> checks = new ArrayList<>();
    checks.add(() -> new Readiness.Check("policies", !"none".equals(parts.engine().revision()),
        new JsonObject().put("revision", parts.engine().revision())));
    checks.add(() -> new Readiness.Check("audit", parts.audit().available(), new JsonObject()));
    checks.addAll(parts.readiness());
    return checks;
  }

  /** The port the broker listens on. */
  public int port() {
    return port;
  }

  /** The registry in force at this broker. */
  public Catalog catalog() {
    return state.current().catalog();
  }

  /** Replaces the registry at this broker alone, unrecorded (tests); the admin API changes it everywhere. */
  public void catalog(Catalog next) {
    state.force(state.current().with(next));
  }

  /** Switches this broker alone between normal and emergency mode, unrecorded (tests). */
  public void mode(PolicyInputs.Mode next) {
    state.force(state.current().with(next));
  }

  /** Stops the servers and the forwarder. The engine and the audit log belong to the caller. */
  public Future<Void> stop() {
    return vertx.undeploy(deployment).onComplete(done -> forwarder.close());
  }
}
