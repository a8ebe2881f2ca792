package io.twinguard.audit.log.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One of several writers of a log ({@code log.writers: shared}), after Trillian's queue and
 * sequencer: a {@link Sequencer} accepts records durably as entries, an {@link Integrator} (a
 * standby unless it holds the log's advisory lock) makes entries leaves, and an {@link
 * IntegrationWatch} tells this writer's callers their indices and its {@link Backlog} how far
 * integration got. Checkpoints this process's integrator commits go straight to the watch, those of
 * another process's integrator by notification; each one larger than any before goes to {@code
 * learned}, whichever process integrated it, so that anchoring follows the log wherever it is
 * integrated.
 */
public final class SharedWriters implements Writers {

  /**
   * The integration delay of every entry this process integrates, a timer with a percentile
   * histogram: in Prometheus {@code twinguard_log_integration_delay_seconds}.
   */
  public static final String DELAY_METER = "twinguard.log.integration.delay";

  /** The most entries one round of integration takes. */
  static final int ROUND_MAX = 4096;

  private final Sequencer sequencer;
  private final Integrator integrator;
  private final IntegrationWatch watch;

  /**
   * @param pool the log's pool, for looking up indices
   * @param learned told of every checkpoint of the log larger than any before it that this process
   *     learns, after its commit: at once from its own integrator, by notification from another's
   * @param meters where the integrator's meters go: {@link #DELAY_METER}
   */
  public SharedWriters(Vertx vertx, Pool pool, PgConnectOptions options, NoteSigner signer, LogConfig config,
      Consumer<SignedCheckpoint> learned, MeterRegistry meters) {
    String writer = "twinguard-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    Backlog backlog = new Backlog(vertx, config.maxBacklog());
    this.sequencer = new Sequencer(vertx, options, writer, config.maxBatch(), config.maxAge(), config.maxInFlight(),
        backlog, config.integrationTimeout());
    this.watch = new IntegrationWatch(vertx, pool, options, signer.verifierKey(), config.origin(),
        config.integrationTimeout(), config.takeover(), backlog::integrated, learned);
    this.integrator = new Integrator(vertx, Sequencer.withStatementTimeout(options, config.integrationTimeout()),
        signer, config.origin(), config.takeover(), ROUND_MAX,
        watch::learned, Timer.builder(DELAY_METER)
            .description("Time from a shared writer's acceptance of a record to its integration into the tree,"
                + " recorded by the integrating process")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(meters));
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
