package io.twinguard.audit.query;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.log.internal.LeafFilter;
import io.twinguard.audit.log.internal.LogStore;
import io.twinguard.audit.merkle.HashRecipe;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.audit.merkle.ProofPlan;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers compliance queries from the indexed columns of the log (through {@link LogStore}), and
 * proves every returned record against the newest checkpoint: one query for the page, one for all
 * the subtrees its proofs need.
 */
public final class QueryService {

  private final AuditLog log;
  private final LogStore store;

  public QueryService(AuditLog log) {
    this.log = log;
    this.store = new LogStore(log.pool());
  }

  /** One page of records matching the query, each with its inclusion proof. */
  public Future<QueryPage> query(AuditQuery query) {
    return log.latestCheckpoint()
        .compose(
            latest -> {
              if (latest.isEmpty()) {
                return Future.succeededFuture(new QueryPage(List.of(), latest, Optional.empty()));
              }
              SignedCheckpoint checkpoint = latest.get();
              Map<LeafFilter, Object> filters = new EnumMap<>(LeafFilter.class);
              query.subject().ifPresent(v -> filters.put(LeafFilter.SUBJECT, v));
              query.caller().ifPresent(v -> filters.put(LeafFilter.CALLER, v));
              query.target().ifPresent(v -> filters.put(LeafFilter.TARGET, v));
              query.purpose().ifPresent(v -> filters.put(LeafFilter.PURPOSE, v));
              query.decisionId().ifPresent(v -> filters.put(LeafFilter.DECISION_ID, v));
              query.outcome().ifPresent(v -> filters.put(LeafFilter.OUTCOME, v));
              query.reasonCode().ifPresent(v -> filters.put(LeafFilter.REASON_CODE, v));
              query.bundleRevision().ifPresent(v -> filters.put(LeafFilter.BUNDLE_REVISION, v));
              query.from().ifPresent(v -> filters.put(LeafFilter.FROM, utc(v)));
              query.to().ifPresent(v -> filters.put(LeafFilter.TO, utc(v)));
              query.after().ifPresent(v -> filters.put(LeafFilter.AFTER, v));
              return store
                  .leavesMatching(checkpoint.size(), filters, query.limit() + 1)
                  .compose(leaves -> prove(leaves, checkpoint, query.limit()));
            });
  }

  private Future<QueryPage> prove(List<LogStore.StoredLeaf> rows, SignedCheckpoint checkpoint, int limit) {
    List<Long> indices = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    for (LogStore.StoredLeaf row : rows) {
      indices.add(row.index());
      leaves.add(row.leaf());
    }
    boolean more = indices.size() > limit;
    int count = Math.min(indices.size(), limit);
    List<List<HashRecipe>> plans = new ArrayList<>();
    Set<NodeId> nodes = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      List<HashRecipe> plan = ProofPlan.inclusion(indices.get(i), checkpoint.size());
      plans.add(plan);
      nodes.addAll(ProofPlan.nodes(plan));
    }
    Optional<Long> next = more ? Optional.of(indices.get(count - 1)) : Optional.empty();
    if (count == 0) {
      return Future.succeededFuture(new QueryPage(List.of(), Optional.of(checkpoint), next));
    }
    return log.subtrees(nodes)
        .map(
            hashes -> {
              List<ProvedRecord> records = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                records.add(
                    new ProvedRecord(
                        indices.get(i), leaves.get(i), ProofPlan.hashes(plans.get(i), hashes::get)));
              }
              return new QueryPage(records, Optional.of(checkpoint), next);
            });
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
