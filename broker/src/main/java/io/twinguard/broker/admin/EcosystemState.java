package io.twinguard.broker.admin;

import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The registry and the mode in force, and how a change to them is made: one change at a time,
 * each on the state the one before left, recorded first and then effective. In a cluster a change
 * is effective at every broker before {@link #change} completes ({@code cluster.ClusterEcosystem});
 * standalone, at this one ({@link #local}). Reads are local and never wait.
 */
public interface EcosystemState {

  /** What is in force: the registry with its compiled schemas, and the mode. */
  record Snapshot(Catalog catalog, PolicyInputs.Mode mode) {
    public Snapshot {
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(mode, "mode");
    }

    /** This snapshot with another registry. */
    public Snapshot with(Catalog next) {
      return new Snapshot(next, mode);
    }

    /** This snapshot in another mode. */
    public Snapshot with(PolicyInputs.Mode next) {
      return new Snapshot(catalog, next);
    }
  }

  /** What is in force at this broker now. */
  Snapshot current();

  /**
   * Makes one change: once every change before it has completed (at any broker), runs {@code
   * record}; when the record succeeds, applies {@code update} to the state then in force and makes
   * the result effective (everywhere, in a cluster) before completing with the record's result.
   * When {@code record} fails nothing changes and the future fails with its failure; when the
   * change cannot be made effective everywhere in time, the future fails with a refusal.
   */
  <T> Future<T> change(Supplier<Future<T>> record, UnaryOperator<Snapshot> update);

  /** Replaces what is in force at this broker alone, without a record (tests and start-up). */
  void force(Snapshot next);

  /** The state of one broker, starting from {@code initial}. */
  static EcosystemState local(Snapshot initial) {
    return new LocalEcosystem(initial);
  }
}
