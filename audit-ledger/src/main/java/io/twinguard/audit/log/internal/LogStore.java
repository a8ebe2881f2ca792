package io.twinguard.audit.log.internal;

import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.audit.log.SignedCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
 * The SQL of the log, one named constant per statement, over the reactive PostgreSQL client. Every
 * read of a proof is one query by primary key for O(log n) rows.
 */
public final class LogStore {

  /**
   * One batch in one statement, so in one implicit transaction and one round trip: its leaves, the
   * subtrees they complete, and the checkpoint that covers them. PostgreSQL runs every
   * data-modifying WITH clause to completion. Columns other than the leaf are derived from the
   * leaf's JSON by the database itself.
   */
  static final String INSERT_BATCH =
      """
      WITH leaves AS (
        INSERT INTO log_leaf (idx, leaf, kind, record_time, decision_id, caller, target, purpose,
                              decision, bundle_revision, subjects, reason_codes)
        SELECT t.idx, t.leaf, j ->> 'kind', (j ->> 'time')::timestamptz, j ->> 'decision_id',
               j ->> 'caller', j ->> 'target', j ->> 'purpose', j ->> 'decision',
               j ->> 'bundle_revision',
               ARRAY(SELECT jsonb_array_elements_text(COALESCE(j -> 'subjects', '[]'::jsonb))),
               ARRAY(SELECT r ->> 'code'
                     FROM jsonb_array_elements(COALESCE(j -> 'reasons', '[]'::jsonb)) r)
        FROM unnest($1::bigint[], $2::bytea[]) AS t(idx, leaf),
             LATERAL (SELECT convert_from(t.leaf, 'UTF8')::jsonb AS j) AS p
      ), nodes AS (
        INSERT INTO log_node (level, idx, hash)
        SELECT * FROM unnest($3::smallint[], $4::bigint[], $5::bytea[])
      )
      INSERT INTO log_checkpoint (size, root, note) VALUES ($6, $7, $8)
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

  static final String SELECT_LEAVES_FROM =
      "SELECT idx, leaf FROM log_leaf WHERE idx >= $1 ORDER BY idx LIMIT $2";

  static final String COUNT_LEAVES_FROM = "SELECT count(*) FROM log_leaf WHERE idx >= $1";

  private final Pool pool;

  public LogStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Writes one batch atomically: its leaves, the subtrees they complete, and the checkpoint that
   * covers them. Completes when the commit is durable.
   */
  public Future<Void> insertBatch(
      long firstIndex,
      List<byte[]> leaves,
      List<CompactRange.Node> nodes,
      SignedCheckpoint checkpoint) {
    Long[] indices = new Long[leaves.size()];
    Buffer[] leafBuffers = new Buffer[leaves.size()];
    for (int i = 0; i < leaves.size(); i++) {
      indices[i] = firstIndex + i;
      leafBuffers[i] = Buffer.buffer(leaves.get(i));
    }
    Short[] levels = new Short[nodes.size()];
    Long[] nodeIndices = new Long[nodes.size()];
    Buffer[] hashes = new Buffer[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      levels[i] = (short) nodes.get(i).id().level();
      nodeIndices[i] = nodes.get(i).id().index();
      hashes[i] = Buffer.buffer(nodes.get(i).hash());
    }
    return pool.preparedQuery(INSERT_BATCH)
        .execute(
            Tuple.tuple()
                .addValue(indices)
                .addValue(leafBuffers)
                .addValue(levels)
                .addValue(nodeIndices)
                .addValue(hashes)
                .addValue(checkpoint.size())
                .addValue(Buffer.buffer(checkpoint.checkpoint().rootHash()))
                .addValue(checkpoint.note()))
        .mapEmpty();
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
    Short[] levels = new Short[ids.size()];
    Long[] indices = new Long[ids.size()];
    int i = 0;
    for (NodeId id : ids) {
      levels[i] = (short) id.level();
      indices[i] = id.index();
      i++;
    }
    return pool.preparedQuery(SELECT_NODES)
        .execute(Tuple.of(levels, (Object) indices))
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

  /** The leaf at an index, if stored. */
  public Future<Optional<byte[]>> leaf(long index) {
    return pool.preparedQuery(SELECT_LEAF)
        .execute(Tuple.of(index))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer("leaf").getBytes()));
  }

  /** Up to {@code limit} leaves from index {@code from} on, in index order. */
  public Future<List<StoredLeaf>> leavesFrom(long from, int limit) {
    return pool.preparedQuery(SELECT_LEAVES_FROM)
        .execute(Tuple.of(from, limit))
        .map(
            rows -> {
              List<StoredLeaf> out = new ArrayList<>();
              rows.forEach(row -> out.add(new StoredLeaf(row.getLong("idx"), row.getBuffer("leaf").getBytes())));
              return out;
            });
  }

  /** How many leaves are stored at index {@code from} or above. */
  public Future<Long> countLeavesFrom(long from) {
    return pool.preparedQuery(COUNT_LEAVES_FROM)
        .execute(Tuple.of(from))
        .map(rows -> rows.iterator().next().getLong(0));
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
