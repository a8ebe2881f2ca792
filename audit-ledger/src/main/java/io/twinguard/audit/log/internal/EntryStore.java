package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The SQL of shared writers ({@code log_entry}, V4), one named constant per statement, and their
 * parameters. Writers run {@link #INSERT_ENTRIES} and {@link #WAKE}; the integrator, on its own
 * connection that holds {@link #TRY_LOCK}, runs {@link #SELECT_PENDING} and {@link #INTEGRATE}.
 */
final class EntryStore {

  /** The advisory lock whose holder is the log's integrator: one log per database. */
  static final long INTEGRATOR_LOCK = 0x7477_6775_6172_6401L;

  /** Tells the integrator that entries were committed; sent after the commit, never inside it. */
  static final String ENTRY_CHANNEL = "twinguard_log_entry";

  /** Carries each new checkpoint's signed note to every writer, at the integration's commit. */
  static final String SIZE_CHANNEL = "twinguard_log_size";

  static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS held";

  /**
   * After the entries' commit, not in it: a transaction that notifies takes a database-wide lock
   * from its pre-commit until its end, WAL flush included, which would make every writer's commits
   * wait for each other's.
   */
  static final String WAKE = "NOTIFY " + ENTRY_CHANNEL;

  static final String LISTEN_ENTRIES = "LISTEN " + ENTRY_CHANNEL;

  /**
   * A batch of entries in one statement. The ids are drawn first, in the batch's order, and
   * returned with each record's position, so that the answer does not rest on the order in which
   * INSERT ... RETURNING gives rows.
   */
  static final String INSERT_ENTRIES =
      """
      WITH ids AS MATERIALIZED (
        SELECT nextval('log_entry_id_seq') AS id, ord
        FROM generate_series(1, cardinality($1::bytea[])) AS ord ORDER BY ord
      ), entries AS (
        INSERT INTO log_entry (id, leaf, leaf_hash, writer, kind, record_time, decision_id, caller, target,
                               purpose, decision, bundle_revision, subjects, reason_codes)
        SELECT ids.id, t.leaf, t.leaf_hash, $3::text, t.kind, t.record_time, t.decision_id, t.caller, t.target,
               t.purpose, t.decision, t.bundle_revision, string_to_array(t.subjects, E'\\x1f'),
               string_to_array(t.reasons, E'\\x1f')
        FROM unnest($1::bytea[], $2::bytea[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
                    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY
             AS t(leaf, leaf_hash, kind, record_time, decision_id, caller, target, purpose, decision,
                  bundle_revision, subjects, reasons, ord)
        JOIN ids USING (ord)
      )
      SELECT id FROM ids ORDER BY ord
      """;

  /** The oldest committed entries, by id; committed late with a lower id, an entry is simply taken next. */
  static final String SELECT_PENDING = "SELECT id, leaf_hash FROM log_entry ORDER BY id LIMIT $1";

  /**
   * One round of integration in one statement, so one transaction: the entries leave {@code
   * log_entry} and become leaves at the indices given ($3, $4), with the subtrees they complete
   * and the signed checkpoint, which is also sent to every writer on {@link #SIZE_CHANNEL} at the
   * commit ($12: the highest entry id integrated so far, a space, the note). Written only if the newest stored checkpoint is the tree the round continues (size $1,
   * root $2), as a single writer's batch. When fewer entries are taken than given ($11: one was
   * gone), the checkpoint's size becomes -1, which its CHECK refuses, and the whole statement
   * rolls back rather than leave leaves without their subtrees. Each leaf keeps its entry's {@code
   * accepted_at} (V5), and the row returned holds {@code delays}: each entry's time from acceptance
   * to the end of this statement in seconds, both read from PostgreSQL's clock, so that the writers'
   * and the integrator's clocks play no part (the commit's WAL flush, which follows, is not in it).
   */
  static final String INTEGRATE =
      """
      WITH head AS (
        SELECT size, root FROM log_checkpoint ORDER BY size DESC LIMIT 1
      ), continues AS (
        SELECT 1 WHERE COALESCE((SELECT size FROM head), 0) = $1::bigint
                   AND COALESCE((SELECT root FROM head), $2::bytea) = $2::bytea
      ), taken AS (
        DELETE FROM log_entry e USING unnest($3::bigint[], $4::bigint[]) AS w(id, idx)
        WHERE e.id = w.id AND EXISTS (SELECT 1 FROM continues)
        RETURNING w.idx, e.id, e.leaf, e.leaf_hash, e.kind, e.record_time, e.decision_id, e.caller, e.target,
                  e.purpose, e.decision, e.bundle_revision, e.subjects, e.reason_codes, e.accepted_at
      ), leaves AS (
        INSERT INTO log_leaf (idx, leaf, kind, record_time, decision_id, caller, target, purpose, decision,
                              bundle_revision, subjects, reason_codes, entry_id, leaf_hash, accepted_at)
        SELECT idx, leaf, kind, record_time, decision_id, caller, target, purpose, decision, bundle_revision,
               subjects, reason_codes, id, leaf_hash, accepted_at
        FROM taken
      ), nodes AS (
        INSERT INTO log_node (level, idx, hash)
        SELECT * FROM unnest($5::smallint[], $6::bigint[], $7::bytea[])
        WHERE EXISTS (SELECT 1 FROM continues)
      ), told AS (
        SELECT pg_notify('%s', $12::text) FROM continues
      )
      INSERT INTO log_checkpoint (size, root, note)
      SELECT CASE WHEN (SELECT count(*) FROM taken) = $11::bigint THEN $8::bigint ELSE -1 END, $9::bytea, $10::text
      FROM told
      RETURNING (SELECT array_agg(extract(epoch FROM clock_timestamp() - accepted_at)::float8) FROM taken) AS delays
      """.formatted(SIZE_CHANNEL);

  /** The highest entry id integrated so far (0 when none), by the partial index on {@code entry_id}. */
  static final String SELECT_HIGHEST_INTEGRATED =
      "SELECT max(entry_id) AS highest FROM log_leaf WHERE entry_id IS NOT NULL";

  /** Which of a writer's entries a checkpoint of size $2 covers, and at which index. */
  static final String SELECT_INTEGRATED =
      "SELECT entry_id, idx FROM log_leaf WHERE entry_id = ANY($1::bigint[]) AND idx < $2";

  private EntryStore() {}

  /** The parameters of {@link #INSERT_ENTRIES}. */
  static Tuple insertEntries(String writer, List<AuditRecord> records, List<byte[]> leafHashes) {
    int n = records.size();
    Buffer[] leaves = new Buffer[n];
    Buffer[] hashes = new Buffer[n];
    String[] kinds = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[][] text = new String[8][n];
    for (int i = 0; i < n; i++) {
      AuditRecord.Fields f = records.get(i).fields();
      leaves[i] = Buffer.buffer(records.get(i).leaf());
      hashes[i] = Buffer.buffer(leafHashes.get(i));
      kinds[i] = f.kind();
      times[i] = f.time();
      text[0][i] = f.decisionId();
      text[1][i] = f.caller();
      text[2][i] = f.target();
      text[3][i] = f.purpose();
      text[4][i] = f.decision();
      text[5][i] = f.bundleRevision();
      text[6][i] = String.join(StoreParams.LIST_SEPARATOR, f.subjects());
      text[7][i] = String.join(StoreParams.LIST_SEPARATOR, f.reasonCodes());
    }
    Tuple params = Tuple.of(leaves, hashes, writer, kinds, times);
    for (String[] column : text) {
      params.addValue(column);
    }
    return params;
  }

  /**
   * The parameters of {@link #INTEGRATE}.
   *
   * @param from the size of the tree the round continues, and its root
   * @param highest the highest entry id integrated by this round or before it
   */
  static Tuple integrate(long from, byte[] fromRoot, List<Long> entryIds, List<CompactRange.Node> nodes,
      SignedCheckpoint checkpoint, long highest) {
    Long[] ids = entryIds.toArray(Long[]::new);
    Long[] indices = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      indices[i] = from + i;
    }
    StoreParams.NodeKeys keys = StoreParams.NodeKeys.of(nodes.stream().map(CompactRange.Node::id).toList());
    Buffer[] hashes = nodes.stream().map(node -> Buffer.buffer(node.hash())).toArray(Buffer[]::new);
    return Tuple.of(from, Buffer.buffer(fromRoot), ids, indices, keys.levels(), keys.indices(), hashes)
        .addValue(checkpoint.size())
        .addValue(Buffer.buffer(checkpoint.checkpoint().rootHash()))
        .addValue(checkpoint.note())
        .addValue((long) ids.length)
        .addValue(highest + " " + checkpoint.note());
  }
}
