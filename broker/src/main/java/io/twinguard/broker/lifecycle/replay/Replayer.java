package io.twinguard.broker.lifecycle.replay;

import io.twinguard.audit.query.RecordScan;
import io.twinguard.broker.lifecycle.DecisionDiff;
import io.twinguard.broker.lifecycle.InputRebuilder;
import io.twinguard.broker.lifecycle.RevisionEngines;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Re-decides recorded traffic with a candidate bundle: reads the audit log's decision records in a
 * time range ({@link RecordScan}), rebuilds each one's exact policy input ({@link InputRebuilder}),
 * has the revision that decided it decide again (the baseline, which must reproduce the record) and
 * the candidate decide, and reports every decision that changes ({@link DecisionDiff}). When the
 * recorded revision is not available, the candidate is compared with the record itself (allow or
 * deny and the reasons; the record does not hold the policies' obligations as decided). Both
 * engines are detached: they decide on their own workers, so a replay does not need an event loop.
 */
public final class Replayer {

  /** Records read and re-decided per round; below the engines' worker queues (4,096). */
  public static final int PAGE = 1000;

  private final RecordScan scan;
  private final InputRebuilder inputs;
  private final RevisionEngines baselines;
  private final InProcessPolicyEngine candidate;

  public Replayer(RecordScan scan, InputRebuilder inputs, RevisionEngines baselines, InProcessPolicyEngine candidate) {
    this.scan = scan;
    this.inputs = inputs;
    this.baselines = baselines;
    this.candidate = candidate;
  }

  /** Replays the decisions received in [from, to). */
  public Future<ReplayReport> replay(Optional<Instant> from, Optional<Instant> to) {
    Tally tally = new Tally(candidate.revision(), from, to);
    return next(tally, Optional.empty()).map(done -> tally.report());
  }

  private Future<Void> next(Tally tally, Optional<Long> after) {
    return scan.page("decision", tally.from, tally.to, after, PAGE).compose(page -> {
      List<JsonObject> records = page.records().stream().map(r -> new JsonObject(r.json())).toList();
      return round(tally, records).compose(done -> page.next().isPresent()
          ? next(tally, page.next())
          : Future.succeededFuture());
    });
  }

  private Future<Void> round(Tally tally, List<JsonObject> records) {
    return inputs.rebuild(records).compose(rebuilt -> {
      List<Future<Outcome>> outcomes = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i++) {
        outcomes.add(decide(records.get(i), rebuilt.get(i)));
      }
      return Future.all(outcomes).map(all -> {
        for (int i = 0; i < records.size(); i++) {
          tally.add(records.get(i), outcomes.get(i).result());
        }
        return null;
      });
    });
  }

  /** What one record gave: skipped (and why), or the decision then and the candidate's now. */
  private record Outcome(String skipped, Decision before, boolean reDecided, Decision after) {}

  private Future<Outcome> decide(JsonObject record, InputRebuilder.Rebuilt rebuilt) {
    Optional<Decision> recorded = recorded(record);
    if (recorded.isEmpty()) {
      return skip("no policy decision was recorded (refused before the policies decided, or undecided)");
    }
    if (rebuilt instanceof InputRebuilder.Missing missing) {
      return skip(missing.why().startsWith("the record holds no policy_input")
          ? "recorded without policy_input" : "snapshot missing: " + missing.why());
    }
    JsonObject input = ((InputRebuilder.Input) rebuilt).input();
    String revision = record.getString("bundle_revision");
    Future<Optional<Decision>> baseline = baselines.of(revision)
        .compose(engine -> engine.decide(input))
        .map(Optional::of)
        .recover(unavailable -> Future.succeededFuture(Optional.empty()));
    return baseline.compose(before -> candidate.decide(input).map(after -> {
      if (after instanceof Decision.Undecided undecided) {
        return new Outcome("the candidate could not decide: " + undecided.why(), null, false, null);
      }
      if (before.isPresent() && before.get() instanceof Decision.Undecided) {
        return new Outcome("revision " + revision + " could not decide again", null, false, null);
      }
      return new Outcome(null, before.orElse(recorded.get()), before.isPresent(), after);
    }));
  }

  private static Future<Outcome> skip(String why) {
    return Future.succeededFuture(new Outcome(why, null, false, null));
  }

  /**
   * The policies' decision as the record tells it: a denial with its reasons, or an allowance (a
   * call released, or refused by the broker after the policies allowed it); empty when the policies
   * did not decide. Obligations are not known from a record.
   */
  static Optional<Decision> recorded(JsonObject record) {
    String revision = record.getString("bundle_revision");
    String verdict = record.getString("decision");
    if (revision == null) {
      return Optional.empty();
    }
    if ("deny".equals(verdict)) {
      List<Reason> reasons = new ArrayList<>();
      record.getJsonArray("reasons", new JsonArray()).forEach(r -> {
        JsonObject reason = (JsonObject) r;
        reasons.add(new Reason(reason.getString("policy"), reason.getString("code"), reason.getString("message")));
      });
      return reasons.isEmpty() ? Optional.empty() : Optional.of(new Decision.Deny(reasons, List.of(), revision));
    }
    if ("refused".equals(verdict) && record.getString("problem", "").endsWith("/policy-unavailable")) {
      return Optional.empty();
    }
    return Optional.of(new Decision.Allow(List.of(), 0, revision));
  }

  /** The running totals of one replay; used by one round at a time. */
  private static final class Tally {
    final String candidate;
    final Optional<Instant> from;
    final Optional<Instant> to;
    long read;
    long replayed;
    long unchanged;
    long againstRecorded;
    final Map<String, Long> skipped = new TreeMap<>();
    final List<String> notReproduced = new ArrayList<>();
    final List<ReplayReport.Changed> changes = new ArrayList<>();

    Tally(String candidate, Optional<Instant> from, Optional<Instant> to) {
      this.candidate = candidate;
      this.from = from;
      this.to = to;
    }

    void add(JsonObject record, Outcome outcome) {
      read++;
      if (outcome.skipped() != null) {
        skipped.merge(outcome.skipped(), 1L, Long::sum);
        return;
      }
      Decision before = outcome.before();
      Decision after = outcome.after();
      if (outcome.reDecided() && !matches(recorded(record).orElseThrow(), before)) {
        notReproduced.add(record.getString("decision_id"));
        return;
      }
      if (!outcome.reDecided()) {
        againstRecorded++;
        after = withoutObligations(after);
      }
      replayed++;
      Optional<DecisionDiff> diff = DecisionDiff.between(before, after);
      if (diff.isEmpty()) {
        unchanged++;
        return;
      }
      JsonObject block = record.getJsonObject("block");
      changes.add(new ReplayReport.Changed(record.getString("decision_id"), record.getString("time"),
          record.getString("caller"), record.getString("target"),
          block.getString("kind") + "/" + block.getString("name") + "/" + record.getString("operation"),
          record.getString("purpose"), record.getString("bundle_revision"), verdict(before), verdict(after),
          diff.get()));
    }

    /** Whether a decision made again is the recorded one: the same verdict, and for a denial the same reasons. */
    private static boolean matches(Decision recorded, Decision again) {
      if (recorded instanceof Decision.Deny then && again instanceof Decision.Deny now) {
        return DecisionDiff.between(then, new Decision.Deny(now.reasons(), List.of(), now.revision())).isEmpty();
      }
      return recorded instanceof Decision.Allow && again instanceof Decision.Allow;
    }

    private static Decision withoutObligations(Decision decision) {
      return decision instanceof Decision.Deny deny
          ? new Decision.Deny(deny.reasons(), List.of(), deny.revision())
          : new Decision.Allow(List.of(), 0, decision.revision());
    }

    private static String verdict(Decision decision) {
      return decision.allowed() ? "allow" : "deny";
    }

    ReplayReport report() {
      return new ReplayReport(candidate, from, to, read, replayed, unchanged, againstRecorded, skipped,
          notReproduced, changes);
    }
  }
}
