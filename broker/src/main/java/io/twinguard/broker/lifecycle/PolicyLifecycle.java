package io.twinguard.broker.lifecycle;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.DecisionHooks;
import io.twinguard.broker.lifecycle.api.PolicyApi;
import io.twinguard.broker.lifecycle.api.RoleGate;
import io.twinguard.broker.lifecycle.explain.Explainer;
import io.twinguard.broker.lifecycle.rollout.Converger;
import io.twinguard.broker.lifecycle.rollout.Rollout;
import io.twinguard.broker.lifecycle.rollout.Rollouts;
import io.twinguard.broker.lifecycle.shadow.ShadowDecisions;
import io.twinguard.broker.lifecycle.store.PolicyDatabase;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.server.Readiness;
import io.twinguard.common.settings.PolicySettings;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.BundleVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The policy lifecycle of one broker, on the audit log's database (schema {@code policy}): rollout
 * of signed bundles to every broker ({@link Rollout}, {@link Converger}), the snapshots that let a
 * recorded decision's input be rebuilt ({@link SnapshotRecorder}), shadow mode ({@link
 * ShadowDecisions}) and explanations ({@link Explainer}). {@code twinguard serve} starts it after
 * the audit log and hands it to the broker, which takes its {@link #hooks}, {@link #api} and {@link
 * #readiness}.
 */
public final class PolicyLifecycle implements AutoCloseable {

  private final Pool pool;
  private final SnapshotRecorder snapshots;
  private final Rollout rollout;
  private final Optional<Converger> converger;
  private final Optional<InProcessPolicyEngine> shadowEngine;
  private final Explainer explainer;
  private final RevisionEngines engines;
  private final int uploadMaxBytes;

  private PolicyLifecycle(Pool pool, SnapshotRecorder snapshots, Rollout rollout, Optional<Converger> converger,
      Optional<InProcessPolicyEngine> shadowEngine, Explainer explainer, RevisionEngines engines, int uploadMaxBytes) {
    this.pool = pool;
    this.snapshots = snapshots;
    this.rollout = rollout;
    this.converger = converger;
    this.shadowEngine = shadowEngine;
    this.explainer = explainer;
    this.engines = engines;
    this.uploadMaxBytes = uploadMaxBytes;
  }

  /**
   * Migrates the policy schema and starts the lifecycle. With {@code governed} (the in-process
   * engine, when no {@code policy.bundle} is set), that engine follows the activation history from
   * now on, and the future fails when the active revision does not load; with {@code policy.shadow}
   * the shadow revision or bundle must load. {@code catalog} is stored as the first registry
   * snapshot before any call is decided.
   */
  public static Future<PolicyLifecycle> start(Vertx vertx, AuditLog log, AuditTrail audit,
      Optional<InProcessPolicyEngine> governed, Catalog catalog, PolicySettings settings, Clock clock) {
    Optional<BundleVerifier> verifier;
    try {
      verifier = Rollouts.verifier(settings);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      PolicyDatabase.migrate(log.connectOptions());
      return null;
    }, false).compose(migrated -> {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(log.connectOptions())
          .using(vertx).build();
      Revisions revisions = new Revisions(vertx, pool, verifier);
      Optional<Converger> converger = governed.map(engine -> new Converger(vertx, pool, log.connectOptions(), engine,
          revisions, settings.converge(), clock));
      SnapshotRecorder snapshots = new SnapshotRecorder(pool);
      snapshots.seen(catalog, List.of());
      RevisionEngines engines = new RevisionEngines(vertx, revisions, settings.timeout());
      Explainer explainer = new Explainer(log, new InputRebuilder(pool), revisions, engines);
      Rollout rollout = Rollouts.rollout(vertx, pool, audit, verifier, converger, settings, clock);
      return converger.map(Converger::start).orElseGet(() -> Future.succeededFuture(""))
          .compose(running -> Rollouts.shadow(vertx, revisions, verifier, settings))
          .map(shadow -> new PolicyLifecycle(pool, snapshots, rollout, converger, shadow, explainer, engines,
              settings.uploadMaxBytes()))
          .recover(failure -> {
            converger.ifPresent(Converger::close);
            engines.close();
            return pool.close().transform(closed -> Future.failedFuture(failure));
          });
    });
  }

  /** The hooks of {@code lifecycle}, or {@link DecisionHooks#NONE} without one. */
  public static DecisionHooks hooks(Optional<PolicyLifecycle> lifecycle, BrokerMetrics metrics) {
    return lifecycle.map(l -> l.hooks(metrics)).orElse(DecisionHooks.NONE);
  }

  /** What the broker's decide step tells this lifecycle: the snapshots to store, and the shadow. */
  public DecisionHooks hooks(BrokerMetrics metrics) {
    Optional<ShadowDecisions> shadow = shadowEngine.map(engine -> new ShadowDecisions(engine, metrics, pool));
    return new DecisionHooks() {
      @Override
      public void inputSeen(Catalog catalog, List<JsonObject> consents) {
        snapshots.seen(catalog, consents);
      }

      @Override
      public void decided(String decisionId, JsonObject input, Decision decision) {
        shadow.ifPresent(s -> s.decided(decisionId, input, decision));
      }
    };
  }

  /** Uploads, activations and rollbacks, as the policy authors' API makes them. */
  public Rollout rollout() {
    return rollout;
  }

  /** The policy authors' API, guarded by {@code gate}. */
  public Api api(RoleGate gate) {
    return new PolicyApi(rollout, converger, shadowEngine.map(InProcessPolicyEngine::revision), pool, explainer, gate,
        uploadMaxBytes);
  }

  /**
   * The lifecycle's state for {@code /ready}: ready unless the revision the history makes active
   * failed to load here (the broker then decides with another revision than its peers).
   */
  public Readiness readiness() {
    return () -> {
      JsonObject detail = new JsonObject();
      converger.ifPresent(c -> {
        detail.put("active", c.active().orElse(null)).put("running", c.running());
        c.lastFailure().ifPresent(failure -> detail.put("last_refused", String.valueOf(failure.getMessage())));
      });
      shadowEngine.ifPresent(s -> detail.put("shadow", s.revision()));
      boolean ready = converger.map(c -> c.lastFailure().isEmpty()).orElse(true);
      return new Readiness.Check("lifecycle", ready, detail);
    };
  }

  /** Stops listening, closes the shadow and replay engines and the pool. */
  @Override
  public void close() {
    converger.ifPresent(Converger::close);
    shadowEngine.ifPresent(InProcessPolicyEngine::close);
    engines.close();
    pool.close();
  }
}
