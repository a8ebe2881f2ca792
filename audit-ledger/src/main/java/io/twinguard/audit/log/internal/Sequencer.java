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
 */
final class Sequencer {

  /** The application name of its connections, for pg_stat_activity. */
  static final String APPLICATION_NAME = "twinguard-audit-accept";

  private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());

  private final Pool pool;
  private final String writer;
  private final BatchingQueue<AuditRecord, Accepted> queue;

  /** @param writer this writer's name in each entry's {@code writer} column */
  Sequencer(Vertx vertx, PgConnectOptions options, String writer, int maxBatch, Duration maxAge, int maxInFlight) {
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxInFlight))
        .connectingTo(new PgConnectOptions(options).setCachePreparedStatements(true)
            .addProperty("application_name", APPLICATION_NAME))
        .using(vertx)
        .build();
    this.writer = writer;
    this.queue = new BatchingQueue<>(maxBatch, maxAge, maxInFlight, BatchingQueue.Timer.vertx(vertx), this::flush);
  }

  /** Queues a record; the future completes once its entry is durable. */
  Future<Accepted> accept(AuditRecord record) {
    return queue.add(record);
  }

  /** Closes the pool; batches in flight fail. */
  Future<Void> close() {
    return pool.close();
  }

  private Future<List<Accepted>> flush(List<AuditRecord> batch) {
    List<byte[]> hashes = new ArrayList<>(batch.size());
    batch.forEach(record -> hashes.add(Rfc9162.leafHash(record.leaf())));
    return pool.preparedQuery(EntryStore.INSERT_ENTRIES)
        .execute(EntryStore.insertEntries(writer, batch, hashes))
        .map(rows -> {
          List<Accepted> accepted = new ArrayList<>(batch.size());
          int i = 0;
          for (Row row : rows) {
            accepted.add(new Accepted.Sequenced(hashes.get(i++), row.getLong("id")));
          }
          return accepted;
        })
        .onSuccess(accepted -> pool.query(EntryStore.WAKE).execute()
            .onFailure(e -> LOG.log(Level.FINE, "could not wake the integrator: " + e.getMessage())));
  }
}
