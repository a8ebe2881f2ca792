package io.twinguard.audit.bench;

import io.twinguard.audit.log.internal.BatchingQueue;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: the same leaves inserted durably into a bare two-column table, batched by the same
 * {@link BatchingQueue} with the same bounds as the log, one statement per batch on one connection
 * (batches in flight are pipelined on it, as the log's are). What PostgreSQL alone does with these
 * leaves on this machine at this moment.
 */
final class PlainTable {

  static final String CREATE = "CREATE TABLE bench_plain (idx BIGINT PRIMARY KEY, leaf BYTEA NOT NULL)";
  static final String INSERT = "INSERT INTO bench_plain SELECT * FROM unnest($1::bigint[], $2::bytea[])";

  private final SqlConnection connection;
  private final PreparedStatement insert;
  private final BatchingQueue<AuditRecord, Long> queue;
  private long next;

  private PlainTable(Vertx vertx, SqlConnection connection, PreparedStatement insert, int maxBatch,
      Duration maxAge, int inFlight) {
    this.connection = connection;
    this.insert = insert;
    this.queue = new BatchingQueue<>(maxBatch, maxAge, inFlight, BatchingQueue.Timer.vertx(vertx), this::flush);
  }

  static Future<PlainTable> create(Vertx vertx, Pool pool, int maxBatch, Duration maxAge, int inFlight) {
    return pool.query("DROP TABLE IF EXISTS bench_plain").execute()
        .compose(v -> pool.query(CREATE).execute())
        .compose(v -> pool.getConnection())
        .compose(connection -> connection.prepare(INSERT)
            .map(insert -> new PlainTable(vertx, connection, insert, maxBatch, maxAge, inFlight)));
  }

  Future<Long> insert(AuditRecord record) {
    return queue.add(record);
  }

  /** Batches start one at a time (the queue's drain), so the indices are handed out in order. */
  private Future<List<Long>> flush(List<AuditRecord> batch) {
    Long[] indices = new Long[batch.size()];
    Buffer[] leaves = new Buffer[batch.size()];
    List<Long> result = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      indices[i] = next++;
      leaves[i] = Buffer.buffer(batch.get(i).leaf());
      result.add(indices[i]);
    }
    return insert.query().execute(Tuple.tuple().addValue(indices).addValue(leaves)).map(rows -> result);
  }

  Future<Void> close() {
    return connection.close();
  }
}
