package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.Accepted;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A shared writer's group commit: records queue in a {@link BatchingQueue} (the same bounds as a
 * single writer's: a batch goes at once when none is committing, up to {@code maxInFlight} commit
 * at once) and each batch is one statement ({@link EntryStore#INSERT_ENTRIES}) on a pool of {@code
 * maxInFlight} connections of its own. Batches of entries do not depend on each other, so unlike a
 * single writer's they commit side by side on their own connections, and PostgreSQL can flush them
 * in one WAL write; a failed batch fails only its own records.
 *
 * <p>Guarantees: an accept's future completes after the transaction that holds its entry has
 * committed, and after every earlier batch of this writer was answered, on the caller's Vert.x
 * context; it fails when its batch failed or its outcome is unknown (the connection broke: the entry
 * may then be in the log, unacknowledged). After each commit the integrator is woken ({@link
 * EntryStore#WAKE}); a lost wake-up only delays integration until the integrator's next round.
 *
 * <p>Back-pressure: a batch is inserted only while the log's {@link Backlog} is below its bound;
 * otherwise it is held until a checkpoint makes room, and fails when its oldest record has waited
 * {@code timeout}. The insert itself fails after {@code timeout} too, on the client's side (a server
 * that does not answer) and on the server's ({@code statement_timeout} of the connections, so that a
 * statement stuck behind a lock is cancelled rather than left holding a connection). Nothing waits
 * without a bound.
 */
final class Sequencer {

  /** The application name of its connections, for pg_stat_activity. */
  static final String APPLICATION_NAME = "twinguard-audit-accept";

  private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());

  /** A record and when it was given to this writer ({@link System#nanoTime()}). */
  private record Arrival(AuditRecord record, long nanos) {}

  private final Pool pool;
  private final String writer;
  private final Backlog backlog;
  private final long timeoutNanos;
  private final BatchingQueue<Arrival, Accepted> queue;

  /**
   * @param writer this writer's name in each entry's {@code writer} column
   * @param timeout the longest a batch is held for the backlog, and the longest its insert may take
   */
  Sequencer(Vertx vertx, PgConnectOptions options, String writer, int maxBatch, Duration maxAge, int maxInFlight,
      Backlog backlog, Duration timeout) {
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxInFlight))
        .connectingTo(withStatementTimeout(options, timeout).setCachePreparedStatements(true)
            .addProperty("application_name", APPLICATION_NAME))
        .using(vertx)
        .build();
    this.writer = writer;
    this.backlog = backlog;
    this.timeoutNanos = timeout.toNanos();
    this.queue = new BatchingQueue<>(maxBatch, maxAge, maxInFlight, BatchingQueue.Timer.vertx(vertx), this::flush);
  }

  /**
   * A copy of {@code options} whose sessions cancel any statement after {@code timeout} ({@code
   * statement_timeout}, set when the session starts).
   */
  static PgConnectOptions withStatementTimeout(PgConnectOptions options, Duration timeout) {
    return new PgConnectOptions(options).addProperty("statement_timeout", Long.toString(Math.max(1, timeout.toMillis())));
  }

  /** Queues a record; the future completes once its entry is durable. */
  Future<Accepted> accept(AuditRecord record) {
    return queue.add(new Arrival(record, System.nanoTime()));
  }

  /** Closes the pool; batches in flight or held fail. */
  Future<Void> close() {
    backlog.close();
    return pool.close();
  }

  private Future<List<Accepted>> flush(List<Arrival> arrivals) {
    long oldest = arrivals.stream().mapToLong(Arrival::nanos).min().orElseGet(System::nanoTime);
    List<AuditRecord> batch = arrivals.stream().map(Arrival::record).toList();
    return backlog.room(oldest + timeoutNanos).compose(room -> insert(batch));
  }

  private Future<List<Accepted>> insert(List<AuditRecord> batch) {
    List<byte[]> hashes = new ArrayList<>(batch.size());
    batch.forEach(record -> hashes.add(Rfc9162.leafHash(record.leaf())));
    return pool.preparedQuery(EntryStore.INSERT_ENTRIES)
        .execute(EntryStore.insertEntries(writer, batch, hashes))
        .timeout(timeoutNanos, TimeUnit.NANOSECONDS)
        .map(rows -> {
          List<Accepted> accepted = new ArrayList<>(batch.size());
          int i = 0;
          long highest = 0;
          for (Row row : rows) {
            long id = row.getLong("id");
            accepted.add(new Accepted.Sequenced(hashes.get(i++), id));
            highest = Math.max(highest, id);
          }
          backlog.accepted(highest);
          return accepted;
        })
        .onSuccess(accepted -> pool.query(EntryStore.WAKE).execute()
            .onFailure(e -> LOG.log(Level.FINE, "could not wake the integrator: " + e.getMessage())));
  }
}
