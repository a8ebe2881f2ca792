package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** The parameters of {@link LogStore}'s statements, as the arrays they unnest. */
final class StoreParams {

  /** Lists in a query column travel joined by U+001F, which the record schema forbids inside ids. */
  private static final String LIST_SEPARATOR = "\u001f";

  private StoreParams() {}

  /**
   * The parameters of {@link LogStore#INSERT_BATCH}, the query columns from {@link AuditRecord#fields()}.
   *
   * @param firstIndex the index of the first record: the size of the tree the batch continues
   * @param continuedRoot the root of that tree
   */
  static Tuple insertBatch(long firstIndex, byte[] continuedRoot, List<AuditRecord> records,
      List<CompactRange.Node> nodes, SignedCheckpoint checkpoint) {
    int n = records.size();
    Long[] indices = new Long[n];
    Buffer[] leaves = new Buffer[n];
    String[] kinds = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] decisionIds = new String[n];
    String[] callers = new String[n];
    String[] targets = new String[n];
    String[] purposes = new String[n];
    String[] decisions = new String[n];
    String[] bundles = new String[n];
    String[] subjects = new String[n];
    String[] reasons = new String[n];
    for (int i = 0; i < n; i++) {
      AuditRecord.Fields f = records.get(i).fields();
      indices[i] = firstIndex + i;
      leaves[i] = Buffer.buffer(records.get(i).leaf());
      kinds[i] = f.kind();
      times[i] = f.time();
      decisionIds[i] = f.decisionId();
      callers[i] = f.caller();
      targets[i] = f.target();
      purposes[i] = f.purpose();
      decisions[i] = f.decision();
      bundles[i] = f.bundleRevision();
      subjects[i] = String.join(LIST_SEPARATOR, f.subjects());
      reasons[i] = String.join(LIST_SEPARATOR, f.reasonCodes());
    }
    Short[] levels = new Short[nodes.size()];
    Long[] nodeIndices = new Long[nodes.size()];
    Buffer[] hashes = new Buffer[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      levels[i] = (short) nodes.get(i).id().level();
      nodeIndices[i] = nodes.get(i).id().index();
      hashes[i] = Buffer.buffer(nodes.get(i).hash());
    }
    Tuple params = Tuple.tuple();
    for (Object column :
        new Object[] {
          indices, leaves, kinds, times, decisionIds, callers, targets, purposes, decisions, bundles,
          subjects, reasons, levels, nodeIndices, hashes
        }) {
      params.addValue(column);
    }
    return params
        .addValue(checkpoint.size())
        .addValue(Buffer.buffer(checkpoint.checkpoint().rootHash()))
        .addValue(checkpoint.note())
        .addValue(firstIndex)
        .addValue(Buffer.buffer(continuedRoot));
  }

  /** Subtree ids as the two parallel arrays the queries unnest. */
  record NodeKeys(Short[] levels, Long[] indices) {
    static NodeKeys of(Collection<NodeId> ids) {
      Short[] levels = new Short[ids.size()];
      Long[] indices = new Long[ids.size()];
      int i = 0;
      for (NodeId id : ids) {
        levels[i] = (short) id.level();
        indices[i] = id.index();
        i++;
      }
      return new NodeKeys(levels, indices);
    }
  }
}
