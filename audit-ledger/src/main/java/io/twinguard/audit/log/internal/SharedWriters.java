package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.Accepted;
import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.signing.note.NoteSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One of several writers of a log ({@code log.writers: shared}), after Trillian's queue and
 * sequencer: a {@link Sequencer} accepts records durably as entries, an {@link Integrator} (a
 * standby unless it holds the log's advisory lock) makes entries leaves, and an {@link
 * IntegrationWatch} tells this writer's callers their indices and its {@link Backlog} how far
 * integration got. Checkpoints this process's integrator commits go to {@code committed} and
 * straight to the watch.
 */
public final class SharedWriters implements Writers {

  /** The most entries one round of integration takes. */
  static final int ROUND_MAX = 4096;

  private final Sequencer sequencer;
  private final Integrator integrator;
  private final IntegrationWatch watch;

  /**
   * @param pool the log's pool, for looking up indices
   * @param committed told of every checkpoint this process integrates, after its commit
   */
  public SharedWriters(Vertx vertx, Pool pool, PgConnectOptions options, NoteSigner signer, LogConfig config,
      Consumer<SignedCheckpoint> committed) {
    String writer = "twinguard-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    Backlog backlog = new Backlog(vertx, config.maxBacklog());
    this.sequencer = new Sequencer(vertx, options, writer, config.maxBatch(), config.maxAge(), config.maxInFlight(),
        backlog, config.integrationTimeout());
    this.watch = new IntegrationWatch(vertx, pool, options, signer.verifierKey(), config.origin(),
        config.integrationTimeout(), config.takeover(), backlog::integrated);
    this.integrator = new Integrator(vertx, Sequencer.withStatementTimeout(options, config.integrationTimeout()),
        signer, config.origin(), config.takeover(), ROUND_MAX,
        (checkpoint, highestEntry) -> {
          watch.learned(checkpoint, highestEntry);
          committed.accept(checkpoint);
        });
  }

  @Override
  public Future<Void> start() {
    return watch.start().onSuccess(v -> integrator.start());
  }

  @Override
  public Future<Accepted> accept(AuditRecord record) {
    return sequencer.accept(record);
  }

  @Override
  public Future<Appended> integrated(Accepted accepted) {
    if (accepted instanceof Accepted.Sequenced sequenced) {
      return watch.await(sequenced.entryId());
    }
    return Future.failedFuture(new IllegalArgumentException(
        "record " + accepted.reference() + " was accepted by a single writer, not by this shared writer"));
  }

  @Override
  public Future<Appended> append(AuditRecord record) {
    return accept(record).compose(this::integrated);
  }

  /** Whether this process is the log's integrator now, as far as it knows. */
  public boolean integrating() {
    return integrator.holding();
  }

  @Override
  public Future<Void> close() {
    return Future.join(integrator.close(), sequencer.close(), watch.close()).mapEmpty();
  }
}
