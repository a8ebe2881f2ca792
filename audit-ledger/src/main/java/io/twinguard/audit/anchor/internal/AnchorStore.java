package io.twinguard.audit.anchor.internal;

import io.twinguard.audit.anchor.StoredAnchor;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SQL of anchoring: the {@code log_anchor} table and the anchoring lock. The log's own tables
 * belong to {@code LogStore}.
 */
public final class AnchorStore {

  static final String SELECT_LATEST_ANCHOR =
      "SELECT size, tx_id, block_number FROM log_anchor ORDER BY size DESC LIMIT 1";

  static final String SELECT_ANCHORS_BETWEEN =
      "SELECT size, tx_id, block_number FROM log_anchor WHERE size BETWEEN $1 AND $2 ORDER BY size";

  static final String INSERT_ANCHOR =
      """
      INSERT INTO log_anchor (size, tx_id, block_number) VALUES ($1, $2, $3)
      ON CONFLICT (size) DO UPDATE SET tx_id = EXCLUDED.tx_id,
        block_number = COALESCE(EXCLUDED.block_number, log_anchor.block_number)
      """;

  /** A session-level advisory lock per log origin: one anchoring service per log ({@link AnchorLease}). */
  static final String TRY_LOCK =
      "SELECT pg_try_advisory_lock(hashtextextended('twinguard-anchoring:' || $1, 0)) AS locked";

  private final SqlClient client;

  public AnchorStore(SqlClient client) {
    this.client = client;
  }

  /** The anchor with the largest tree size stored, if any. */
  public Future<Optional<StoredAnchor>> latest() {
    return client.query(SELECT_LATEST_ANCHOR).execute()
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(anchor(rows.iterator().next())));
  }

  /** The stored anchors with tree sizes in {@code [from, to]}, smallest first. */
  public Future<List<StoredAnchor>> between(long from, long to) {
    return client.preparedQuery(SELECT_ANCHORS_BETWEEN).execute(Tuple.of(from, to))
        .map(rows -> {
          List<StoredAnchor> out = new ArrayList<>();
          rows.forEach(row -> out.add(anchor(row)));
          return out;
        });
  }

  /** Records an anchor; a known block number is never replaced by an unknown one. */
  public Future<Void> save(StoredAnchor anchor) {
    Long block = anchor.blockNumber().isPresent() ? anchor.blockNumber().getAsLong() : null;
    return client.preparedQuery(INSERT_ANCHOR).execute(Tuple.of(anchor.treeSize(), anchor.txId(), block))
        .mapEmpty();
  }

  /** Takes the log's anchoring lock for this session; false when another session holds it. */
  public Future<Boolean> tryLock(String origin) {
    return client.preparedQuery(TRY_LOCK).execute(Tuple.of(origin))
        .map(rows -> rows.iterator().next().getBoolean("locked"));
  }

  private static StoredAnchor anchor(Row row) {
    Long block = row.getLong("block_number");
    return new StoredAnchor(
        row.getLong("size"),
        row.getString("tx_id"),
        block == null ? OptionalLong.empty() : OptionalLong.of(block));
  }
}
