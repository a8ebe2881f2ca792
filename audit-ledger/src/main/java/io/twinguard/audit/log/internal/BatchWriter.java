package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes the log's batches ({@link LogStore#INSERT_BATCH}) on one PostgreSQL connection of its own,
 * so that batches in flight are pipelined on it and run one after the other, in the order they were
 * written: a batch that continues the one before it finds that one's outcome decided when it runs.
 * Every write is handed to the connection from its own context, in a task of that context: the
 * client runs a command given on its context at once and one given from elsewhere later, so writes
 * given from different threads could otherwise overtake each other.
 * The connection is opened by {@link #reconnect}, which the committer calls before its first batch
 * and after any failure; {@code closed} is told of every connection that closes, by the number it
 * was opened with.
 */
final class BatchWriter {

  /** The application name of the connection, so that an operator can find it in pg_stat_activity. */
  static final String APPLICATION_NAME = "twinguard-audit-commit";

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final LongConsumer closed;
  private volatile SqlConnection connection;
  private volatile Context context;
  private volatile boolean shut;

  BatchWriter(Vertx vertx, PgConnectOptions options, LongConsumer closed) {
    this.vertx = vertx;
    this.options = new PgConnectOptions(options)
        .setCachePreparedStatements(true)
        .addProperty("application_name", APPLICATION_NAME);
    this.closed = closed;
  }

  /**
   * Closes the current connection, if any, and opens a new one. Call it only when no write is in
   * flight: a write still pending on the old connection would fail.
   *
   * @param generation told to {@code closed} when the new connection closes
   */
  Future<Void> reconnect(long generation) {
    if (shut) {
      return Future.failedFuture(new IllegalStateException("the audit log is closed"));
    }
    SqlConnection old = connection;
    connection = null;
    Future<Void> closing = old == null ? Future.succeededFuture() : old.close().otherwiseEmpty();
    return closing
        .compose(v -> PgConnection.connect(vertx, options))
        .map(opened -> {
          opened.closeHandler(v -> closed.accept(generation));
          // the connection completes its futures on the context it belongs to
          context = Vertx.currentContext();
          connection = opened;
          return null;
        });
  }

  /**
   * Writes one batch that continues the tree of {@code firstIndex} leaves with root {@code
   * continuedRoot}, after the writes before it.
   *
   * @return true once the batch is committed; false when the newest stored checkpoint is not the
   *     tree it continues, and nothing was written
   */
  Future<Boolean> write(long firstIndex, byte[] continuedRoot, List<AuditRecord> records,
      List<CompactRange.Node> nodes, SignedCheckpoint checkpoint) {
    SqlConnection current = connection;
    Context on = context;
    if (current == null || on == null) {
      return Future.failedFuture(new IllegalStateException("the audit log has no connection to write on"));
    }
    Promise<Boolean> written = Promise.promise();
    on.runOnContext(v -> current.preparedQuery(LogStore.INSERT_BATCH)
        .execute(StoreParams.insertBatch(firstIndex, continuedRoot, records, nodes, checkpoint))
        .map(rows -> rows.rowCount() == 1)
        .onComplete(written::handle));
    return written.future();
  }

  /** Closes the connection for good; writes still pending fail, and so does a later reconnect. */
  Future<Void> close() {
    shut = true;
    SqlConnection old = connection;
    connection = null;
    return old == null ? Future.succeededFuture() : old.close();
  }
}
