package io.twinguard.broker.lifecycle.rollout;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.PolicyRecord;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.lifecycle.Revisions;
import io.twinguard.broker.lifecycle.store.Activation;
import io.twinguard.broker.lifecycle.store.RevisionStore;
import io.twinguard.broker.lifecycle.store.StoredRevision;
import io.twinguard.broker.refusal.BundleRefused;
import io.twinguard.broker.refusal.PolicyUnavailable;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.policies.InProcessPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Rolls policies out to every broker on one database: a policy author uploads a signed bundle (its
 * signature verified, its own Rego tests run, its Wasm module loaded once on trial, then stored as a
 * revision), activates a stored revision, or rolls back to the one active before. Each is recorded
 * in the audit log ({@link PolicyRecord}) before it takes effect; an activation or rollback is
 * committed with a NOTIFY that every broker's {@link Converger} acts on, and is acknowledged only
 * once this broker runs the revision. Refusals fail the futures with {@link Refused}.
 */
public final class Rollout {

  /**
   * A stored revision.
   *
   * @param revision it
   * @param digest the RFC 9530 digest of its bundle file
   * @param tests how many of its own tests passed
   * @param created false when the same bundle was stored already (uploading again changes nothing)
   * @param auditIndex the leaf of its upload record
   */
  public record Uploaded(String revision, String digest, int tests, boolean created, long auditIndex) {}

  /**
   * A revision made active.
   *
   * @param revision it
   * @param previous the revision active before
   * @param auditIndex the leaf of the activation's record, or empty when it was active already
   * @param running the revision this broker runs now (the same)
   */
  public record Activated(String revision, String previous, Optional<Long> auditIndex, String running) {}

  private final Vertx vertx;
  private final Pool pool;
  private final RevisionStore store = new RevisionStore();
  private final AuditTrail audit;
  private final Optional<UploadCheck> check;
  private final Optional<Converger> converger;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param check what uploads must pass; empty when no key is configured (uploads refused)
   * @param converger this broker's engine's convergence; empty when its policies come from
   *     elsewhere (activations refused)
   * @param timeout the evaluation timeout of the trial engine
   */
  Rollout(Vertx vertx, Pool pool, AuditTrail audit, Optional<UploadCheck> check, Optional<Converger> converger,
      Duration timeout, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.audit = audit;
    this.check = check;
    this.converger = converger;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Checks and stores an uploaded bundle as a revision; recorded before it is stored. */
  public Future<Uploaded> upload(byte[] upload, String actor) {
    if (check.isEmpty()) {
      return new Refusal.PolicyConflict("uploads are refused: policy.bundle_key, the key that verifies bundle"
          + " signatures, is not set on this broker").fail();
    }
    return vertx.executeBlocking(() -> check.get().check(upload), false)
        .compose(checked -> InProcessPolicyEngine.startDetached(vertx, checked.bundle(), timeout)
            .recover(failure -> new BundleRefused("the bundle's Wasm module does not load: "
                + failure.getMessage(), List.of()).fail())
            .map(engine -> {
              engine.close();
              return checked;
            }))
        .compose(checked -> store.find(pool, checked.bundle().revision()).compose(existing -> {
          if (existing.isPresent()) {
            return same(existing.get(), checked);
          }
          return audit.append(AuditRecord.of(new PolicyRecord(clock.instant(), actor, PolicyRecord.Action.UPLOAD,
                  checked.bundle().revision(), checked.digest(), null)))
              .compose(index -> store.insert(pool, new StoredRevision(checked.bundle().revision(), checked.digest(),
                      upload, checked.rules().toJson().encode(), checked.tests(), actor, clock.instant(), index))
                  .map(v -> new Uploaded(checked.bundle().revision(), checked.digest(), checked.tests(), true, index)));
        }));
  }

  private static Future<Uploaded> same(StoredRevision stored, UploadCheck.Checked checked) {
    if (!stored.digest().equals(checked.digest())) {
      return new Refusal.PolicyConflict("revision " + stored.revision() + " is stored with other content ("
          + stored.digest() + "); give the new bundle a revision of its own").fail();
    }
    return Future.succeededFuture(new Uploaded(stored.revision(), stored.digest(), stored.tests(), false,
        stored.auditIndex()));
  }

  /** Makes a stored revision active on every broker; acknowledged once this broker runs it. */
  public Future<Activated> activate(String revision, String actor) {
    return change(actor, (connection, history) -> store.find(connection, revision).compose(found -> {
      if (found.isEmpty()) {
        return new Refusal.NotFound("no stored revision " + revision + "; upload it first").fail();
      }
      List<String> stack = Activation.stack(history);
      String previous = stack.isEmpty() ? Revisions.bundled().revision() : stack.get(stack.size() - 1);
      return Future.succeededFuture(new Change(PolicyRecord.Action.ACTIVATE, found.get(), previous));
    }));
  }

  /** Makes the revision active before the current one active again, on every broker. */
  public Future<Activated> rollback(String actor) {
    return change(actor, (connection, history) -> {
      List<String> stack = Activation.stack(history);
      if (stack.size() < 2) {
        return new Refusal.PolicyConflict(stack.isEmpty()
            ? "nothing to roll back: no revision was ever activated"
            : "nothing to roll back to: " + stack.get(0) + " is the first revision activated").fail();
      }
      String target = stack.get(stack.size() - 2);
      return store.find(connection, target).map(found -> new Change(PolicyRecord.Action.ROLLBACK,
          found.orElseThrow(), stack.get(stack.size() - 1)));
    });
  }

  /** What an activation or rollback will do, decided under the activation lock. */
  private record Change(PolicyRecord.Action action, StoredRevision target, String previous) {}

  @FunctionalInterface
  private interface Plan {
    Future<Change> plan(SqlConnection connection, List<Activation> history);
  }

  private Future<Activated> change(String actor, Plan plan) {
    if (converger.isEmpty()) {
      return new Refusal.PolicyConflict("this broker's policies do not come from the stored revisions"
          + " (policy.bundle or policy.engine opa is set): nothing can be activated here").fail();
    }
    Converger local = converger.get();
    return pool.withTransaction(connection -> store.lockActivations(connection)
            .compose(v -> store.activations(connection))
            .compose(history -> plan.plan(connection, history))
            .compose(change -> {
              String revision = change.target().revision();
              if (change.action() == PolicyRecord.Action.ACTIVATE && revision.equals(change.previous())) {
                return Future.succeededFuture(new Committed(change, Optional.empty()));
              }
              return audit.append(AuditRecord.of(new PolicyRecord(clock.instant(), actor, change.action(), revision,
                      change.target().digest(), change.previous())))
                  .compose(index -> store.activate(connection, revision, change.action().wireName(),
                          Optional.of(change.previous()), actor, clock.instant(), index)
                      .map(seq -> new Committed(change, Optional.of(index))));
            }))
        .compose(committed -> local.converge().compose(running -> {
          String revision = committed.change().target().revision();
          if (!revision.equals(running)) {
            String why = local.lastFailure().map(Throwable::getMessage).orElse("it runs " + running);
            return new PolicyUnavailable("revision " + revision + " is active for every broker, but this"
                + " broker could not load it: " + why, running, List.of(), null).fail();
          }
          return Future.succeededFuture(new Activated(revision, committed.change().previous(),
              committed.auditIndex(), running));
        }));
  }

  private record Committed(Change change, Optional<Long> auditIndex) {}
}
