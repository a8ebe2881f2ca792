package io.twinguard.audit.query;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.HashRecipe;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.audit.merkle.ProofPlan;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers compliance queries from the indexed columns of the log, and proves every returned record
 * against the newest checkpoint: one query for the page, one for all the subtrees its proofs need.
 */
public final class QueryService {

  /** The filters, each a parameterised condition; values never become SQL text. */
  private static final String SUBJECT = "subjects @> ARRAY[$%d]::text[]";
  private static final String CALLER = "caller = $%d";
  private static final String TARGET = "target = $%d";
  private static final String PURPOSE = "purpose = $%d";
  private static final String DECISION_ID = "decision_id = $%d";
  private static final String OUTCOME = "decision = $%d";
  private static final String REASON = "reason_codes @> ARRAY[$%d]::text[]";
  private static final String BUNDLE = "bundle_revision = $%d";
  private static final String FROM = "record_time >= $%d";
  private static final String TO = "record_time < $%d";
  private static final String AFTER = "idx > $%d";
  private static final String BELOW_SIZE = "idx < $%d";
  private static final String SELECT_PAGE = "SELECT idx, leaf FROM log_leaf WHERE %s ORDER BY idx LIMIT %d";

  private final AuditLog log;

  public QueryService(AuditLog log) {
    this.log = log;
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
              List<String> where = new ArrayList<>();
              Tuple params = Tuple.tuple();
              add(where, params, BELOW_SIZE, Optional.of(checkpoint.size()));
              add(where, params, SUBJECT, query.subject());
              add(where, params, CALLER, query.caller());
              add(where, params, TARGET, query.target());
              add(where, params, PURPOSE, query.purpose());
              add(where, params, DECISION_ID, query.decisionId());
              add(where, params, OUTCOME, query.outcome());
              add(where, params, REASON, query.reasonCode());
              add(where, params, BUNDLE, query.bundleRevision());
              add(where, params, FROM, query.from().map(QueryService::utc));
              add(where, params, TO, query.to().map(QueryService::utc));
              add(where, params, AFTER, query.after());
              String sql = String.format(SELECT_PAGE, String.join(" AND ", where), query.limit() + 1);
              return log.pool()
                  .preparedQuery(sql)
                  .execute(params)
                  .compose(rows -> prove(rows, checkpoint, query.limit()));
            });
  }

  private Future<QueryPage> prove(Iterable<Row> rows, SignedCheckpoint checkpoint, int limit) {
    List<Long> indices = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    for (Row row : rows) {
      indices.add(row.getLong("idx"));
      leaves.add(row.getBuffer("leaf").getBytes());
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

  private static void add(List<String> where, Tuple params, String condition, Optional<?> value) {
    value.ifPresent(
        v -> {
          params.addValue(v);
          where.add(String.format(condition, params.size()));
        });
  }
}
