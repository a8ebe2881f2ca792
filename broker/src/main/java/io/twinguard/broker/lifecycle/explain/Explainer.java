package io.twinguard.broker.lifecycle.explain;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryService;
import io.twinguard.broker.lifecycle.InputRebuilder;
import io.twinguard.broker.lifecycle.RevisionEngines;
import io.twinguard.broker.lifecycle.Revisions;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Reason;
import io.twinguard.policies.explain.Explanation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Explains a recorded decision: finds its decision record in the audit log, rebuilds the exact
 * policy input, has the revision that decided it decide again, and tells which rules gave its
 * reasons and obligations, in plain words ({@link Explanation}). The answer says whether the
 * decision was reproduced (same outcome and reasons as recorded); when it was not, or the revision
 * or the input's snapshots are gone, it says so rather than explain something else.
 */
public final class Explainer {

  private final QueryService queries;
  private final InputRebuilder inputs;
  private final Revisions revisions;
  private final RevisionEngines engines;

  public Explainer(AuditLog log, InputRebuilder inputs, Revisions revisions, RevisionEngines engines) {
    this.queries = new QueryService(log);
    this.inputs = inputs;
    this.revisions = revisions;
    this.engines = engines;
  }

  /**
   * The explanation of decision {@code decisionId}, or empty when the log holds no decision record
   * with that id. The JSON has {@code decision_id}, {@code time}, {@code index} (its leaf), {@code
   * recorded} (decision, status, reasons), {@code revision}, and either {@code explanation} with
   * {@code reproduced}, or {@code unexplained} saying why.
   */
  public Future<Optional<JsonObject>> explain(String decisionId) {
    AuditQuery query = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(decisionId), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), AuditQuery.MAX_LIMIT);
    return queries.query(query).compose(page -> {
      Optional<ProvedRecord> found = page.records().stream()
          .filter(r -> "decision".equals(r.record().getString("kind")))
          .reduce((first, second) -> second);
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      JsonObject record = found.get().record();
      JsonObject answer = new JsonObject().put("decision_id", decisionId).put("time", record.getString("time"))
          .put("index", found.get().index())
          .put("recorded", new JsonObject().put("decision", record.getString("decision"))
              .put("status", record.getInteger("status")).put("reasons", record.getJsonArray("reasons")))
          .put("revision", record.getString("bundle_revision"));
      return explain(record, answer).map(Optional::of);
    });
  }

  private Future<JsonObject> explain(JsonObject record, JsonObject answer) {
    String revision = record.getString("bundle_revision");
    if (revision == null) {
      return Future.succeededFuture(answer.put("unexplained",
          "the broker refused this call before any policy was asked: " + record.getString("problem", "")));
    }
    return inputs.rebuild(List.of(record)).compose(rebuilt -> {
      if (rebuilt.get(0) instanceof InputRebuilder.Missing missing) {
        return Future.succeededFuture(answer.put("unexplained", "its policy input cannot be rebuilt: " + missing.why()));
      }
      JsonObject input = ((InputRebuilder.Input) rebuilt.get(0)).input();
      return engines.of(revision)
          .compose(engine -> engine.decide(input))
          .compose(decision -> revisions.rules(revision).map(rules -> {
            Explanation explanation = Explanation.of(decision, rules);
            return answer.put("reproduced", reproduced(record, decision)).put("explanation", explanation.toJson())
                .put("text", explanation.toText());
          }))
          .recover(failure -> Future.succeededFuture(answer.put("unexplained",
              "revision " + revision + " cannot decide again: " + failure.getMessage())));
    });
  }

  /**
   * Whether the decision made again is the recorded one: a denial with the same reasons, or an
   * allowance of a call that was released or refused by the broker after the policies allowed it.
   */
  static boolean reproduced(JsonObject record, Decision decision) {
    String recorded = record.getString("decision");
    if (decision instanceof Decision.Deny deny) {
      JsonArray reasons = new JsonArray();
      for (Reason reason : deny.reasons()) {
        reasons.add(new JsonObject().put("code", reason.code()).put("message", reason.message())
            .put("policy", reason.policy()));
      }
      return "deny".equals(recorded) && reasons.equals(record.getJsonArray("reasons"));
    }
    return decision instanceof Decision.Allow && !"deny".equals(recorded)
        && !record.getString("problem", "").endsWith("/policy-unavailable");
  }
}
