package io.twinguard.audit.log.internal;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.audit.log.SignedCheckpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All SQL against the log's tables ({@code log_leaf}, {@code log_node}, {@code log_checkpoint}),
 * one named constant per statement, over the reactive PostgreSQL client: the proofs, verification
 * and the compliance queries go through it, and {@link BatchWriter} runs {@link #INSERT_BATCH} on
 * a connection of its own. Every read of a proof is one query by
 * primary key for O(log n) rows. ({@code log_anchor} belongs to the anchoring's {@code
 * AnchorStore}.)
 */
public final class LogStore {

  /**
   * One batch in one statement, so in one implicit transaction and one round trip: its leaves with
   * their query columns, the subtrees they complete, and the checkpoint that covers them.
   * PostgreSQL runs every data-modifying WITH clause to completion. The columns come from the
   * record's {@link AuditRecord#fields()}; lists travel joined by U+001F (see {@link StoreParams}).
   *
   * <p>The batch is written only if the newest stored checkpoint is the tree it continues: size
   * {@code $19} (0: no checkpoint yet) and root {@code $20}; otherwise it writes nothing and the
   * command reports 0 rows. So a batch sent while the one before it is in flight never lands on a
   * log where that one failed (no gap), nor on another writer's tree (no fork); the leaf index
   * being the primary key covers writers whose statements overlap in time.
   */
  static final String INSERT_BATCH =
      """
      WITH head AS (
        SELECT size, root FROM log_checkpoint ORDER BY size DESC LIMIT 1
      ), continues AS (
        SELECT 1 WHERE COALESCE((SELECT size FROM head), 0) = $19::bigint
                   AND COALESCE((SELECT root FROM head), $20::bytea) = $20::bytea
      ), leaves AS (
        INSERT INTO log_leaf (idx, leaf, kind, record_time, decision_id, caller, target, purpose,
                              decision, bundle_revision, subjects, reason_codes)
        SELECT idx, leaf, kind, record_time, decision_id, caller, target, purpose, decision,
               bundle_revision, string_to_array(subjects, E'\\x1f'), string_to_array(reasons, E'\\x1f')
        FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::timestamptz[], $5::text[],
                    $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                    $12::text[])
             AS t(idx, leaf, kind, record_time, decision_id, caller, target, purpose, decision,
                  bundle_revision, subjects, reasons)
        WHERE EXISTS (SELECT 1 FROM continues)
      ), nodes AS (
        INSERT INTO log_node (level, idx, hash)
        SELECT * FROM unnest($13::smallint[], $14::bigint[], $15::bytea[])
        WHERE EXISTS (SELECT 1 FROM continues)
      )
      INSERT INTO log_checkpoint (size, root, note)
      SELECT $16::bigint, $17::bytea, $18::text WHERE EXISTS (SELECT 1 FROM continues)
      """;

  static final String SELECT_LATEST_CHECKPOINT =
      "SELECT size, note FROM log_checkpoint ORDER BY size DESC LIMIT 1";

  static final String SELECT_CHECKPOINTS_AFTER =
      "SELECT size, root, note FROM log_checkpoint WHERE size > $1 ORDER BY size LIMIT $2";

  static final String SELECT_NODES =
      """
      SELECT n.level, n.idx, n.hash FROM log_node n
      JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx
      """;

  static final String SELECT_LEAF = "SELECT leaf FROM log_leaf WHERE idx = $1";

  /** A leaf and the subtrees of its proof in one round trip; the leaf row has level -1. */
  static final String SELECT_LEAF_AND_NODES =
      """
      SELECT n.level, n.idx, n.hash FROM log_node n
      JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx
      UNION ALL
      SELECT -1::smallint, idx, leaf FROM log_leaf WHERE idx = $3
      """;

  static final String SELECT_LEAVES_FROM =
      "SELECT idx, leaf FROM log_leaf WHERE idx >= $1 ORDER BY idx LIMIT $2";

  /** A page of a compliance query: {@link LeafFilter} conditions, joined by AND, and the limit. */
  static final String SELECT_LEAVES_MATCHING = "SELECT idx, leaf FROM log_leaf WHERE %s ORDER BY idx LIMIT %d";

  /** Only leaves a checkpoint covers: parameter 1 of {@link #SELECT_LEAVES_MATCHING}. */
  static final String BELOW_SIZE = "idx < $1";

  private final Pool pool;

  public LogStore(Pool pool) {
    this.pool = pool;
  }

  /** The newest checkpoint, if any. */
  public Future<Optional<SignedCheckpoint>> latestCheckpoint() {
    return pool.preparedQuery(SELECT_LATEST_CHECKPOINT)
        .execute()
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(checkpoint(rows.iterator().next())));
  }

  /** Up to {@code limit} checkpoints larger than {@code size}, smallest first. */
  public Future<List<StoredCheckpoint>> checkpointsAfter(long size, int limit) {
    return pool.preparedQuery(SELECT_CHECKPOINTS_AFTER)
        .execute(Tuple.of(size, limit))
        .map(
            rows -> {
              List<StoredCheckpoint> out = new ArrayList<>();
              rows.forEach(
                  row ->
                      out.add(
                          new StoredCheckpoint(
                              row.getLong("size"),
                              row.getBuffer("root").getBytes(),
                              row.getString("note"))));
              return out;
            });
  }

  /** The stored hashes of the given subtrees; a missing subtree is absent from the map. */
  public Future<Map<NodeId, byte[]>> nodes(Collection<NodeId> ids) {
    StoreParams.NodeKeys keys = StoreParams.NodeKeys.of(ids);
    return pool.preparedQuery(SELECT_NODES)
        .execute(Tuple.of(keys.levels(), (Object) keys.indices()))
        .map(
            rows -> {
              Map<NodeId, byte[]> out = new HashMap<>();
              rows.forEach(
                  row ->
                      out.put(
                          new NodeId(row.getShort("level"), row.getLong("idx")),
                          row.getBuffer("hash").getBytes()));
              return out;
            });
  }

  /** A leaf (absent if not stored) with the stored hashes of the given subtrees. */
  public Future<LeafAndNodes> leafAndNodes(long index, Collection<NodeId> ids) {
    StoreParams.NodeKeys keys = StoreParams.NodeKeys.of(ids);
    return pool.preparedQuery(SELECT_LEAF_AND_NODES)
        .execute(Tuple.of(keys.levels(), keys.indices(), index))
        .map(
            rows -> {
              Map<NodeId, byte[]> nodes = new HashMap<>();
              byte[] leaf = null;
              for (Row row : rows) {
                short level = row.getShort("level");
                byte[] bytes = row.getBuffer("hash").getBytes();
                if (level < 0) {
                  leaf = bytes;
                } else {
                  nodes.put(new NodeId(level, row.getLong("idx")), bytes);
                }
              }
              return new LeafAndNodes(Optional.ofNullable(leaf), nodes);
            });
  }

  /** A leaf and subtree hashes read together. */
  public record LeafAndNodes(Optional<byte[]> leaf, Map<NodeId, byte[]> nodes) {}

  /** The leaf at an index, if stored. */
  public Future<Optional<byte[]>> leaf(long index) {
    return pool.preparedQuery(SELECT_LEAF)
        .execute(Tuple.of(index))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer("leaf").getBytes()));
  }

  /** Up to {@code limit} leaves from index {@code from} on, in index order. */
  public Future<List<StoredLeaf>> leavesFrom(long from, int limit) {
    return pool.preparedQuery(SELECT_LEAVES_FROM).execute(Tuple.of(from, limit)).map(LogStore::leaves);
  }

  /**
   * Up to {@code limit} leaves below index {@code belowSize} (a checkpoint's size) that meet every
   * filter, in index order.
   *
   * @param filters each filter with the value of the type its description gives
   */
  public Future<List<StoredLeaf>> leavesMatching(long belowSize, Map<LeafFilter, Object> filters, int limit) {
    List<String> where = new ArrayList<>(List.of(BELOW_SIZE));
    Tuple params = Tuple.of(belowSize);
    filters.forEach((filter, value) -> {
      params.addValue(value);
      where.add(filter.condition(params.size()));
    });
    return pool.preparedQuery(String.format(SELECT_LEAVES_MATCHING, String.join(" AND ", where), limit))
        .execute(params)
        .map(LogStore::leaves);
  }

  private static List<StoredLeaf> leaves(Iterable<Row> rows) {
    List<StoredLeaf> out = new ArrayList<>();
    rows.forEach(row -> out.add(new StoredLeaf(row.getLong("idx"), row.getBuffer("leaf").getBytes())));
    return out;
  }

  private static SignedCheckpoint checkpoint(Row row) {
    String note = row.getString("note");
    int end = note.indexOf("\n\n");
    return new SignedCheckpoint(Checkpoint.parse(note.substring(0, end + 1)), note);
  }

  /** A leaf row as stored. */
  public record StoredLeaf(long index, byte[] leaf) {}

  /** A checkpoint row as stored: its size and root columns and its note, not yet checked. */
  public record StoredCheckpoint(long size, byte[] root, String note) {}
}
