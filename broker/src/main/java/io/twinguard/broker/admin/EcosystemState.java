package io.twinguard.broker.admin;

import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registry (with the adapters serving it) and the mode in force, and how a change to them is
 * made: one change at a time, each on the state the one before left, recorded first and then
 * effective. In a cluster a change is effective at every broker before {@link #change} completes,
 * each broker running the adapters of the new registry ({@code cluster.ClusterEcosystem});
 * standalone, at this one ({@link #local}). Reads are local and never wait.
 */
public interface EcosystemState {

  /** What is in force: the registry with its compiled schemas and running adapters, and the mode. */
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
   * Makes one change: once every change before it has completed (at any broker), applies {@code
   * next} to the state then in force, which may create adapters; when that fails, nothing is
   * recorded or changed and the future fails with its failure. Then runs {@code record}; when it
   * fails, the adapters {@code next} created are retired, nothing changes and the future fails with
   * its failure. Otherwise the new state is made effective (everywhere, in a cluster), the adapters
   * it replaced are retired (each closed once its calls in flight ended), and the future completes
   * with the record's result. When the change cannot be made effective everywhere in time, the
   * future fails with a refusal.
   */
  <T> Future<T> change(Function<Snapshot, Future<Snapshot>> next, Supplier<Future<T>> record);

  /** Replaces what is in force at this broker alone, without a record, retiring nothing (tests). */
  void force(Snapshot next);

  /** The state of one broker, starting from {@code initial}. */
  static EcosystemState local(Snapshot initial) {
    return new LocalEcosystem(initial);
  }
}
