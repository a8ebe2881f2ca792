package io.twinguard.broker.audit;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.broker.call.Concluded;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.RecordDraft;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records how a call ended in the audit log; the outcome may be released only once its record is
 * durable ({@link AuditTrail#accept}: with shared writers before the record has its index, which
 * the call does not need). When the record cannot be made durable, the outcome is withheld and the caller is told
 * that the audit log is unavailable. Each call also gets one log line at FINE (on in {@code
 * twinguard serve}): identifiers and outcome, never payloads or personal data.
 */
public final class Record implements Step<Concluded, Outcome> {

  private static final Logger LOG = Logger.getLogger(Record.class.getName());

  /** The logger of the per-call lines; {@code twinguard serve} turns it to FINE. */
  public static final String CALL_LOG = "io.twinguard.broker.call";

  private static final Logger CALLS = Logger.getLogger(CALL_LOG);

  private final AuditTrail audit;
  private final Clock clock;

  public Record(AuditTrail audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> apply(Concluded concluded) {
    Outcome outcome = concluded.outcome();
    DecisionRecord record;
    try {
      record = RecordDraft.of(concluded.stage(), outcome);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.SEVERE, "decision " + outcome.decisionId() + " has no valid record (" + e.getMessage()
          + "); its answer is withheld");
      return Future.succeededFuture(new Outcome.Refused(outcome.decisionId(),
          new Refusal.AuditUnavailable("the audit log could not record this call; its answer is withheld")));
    }
    return audit.accept(AuditRecord.of(record))
        .<Outcome>map(durable -> outcome)
        .recover(failure -> {
          LOG.log(Level.SEVERE, "decision " + outcome.decisionId()
              + " could not be recorded in the audit log; its answer is withheld: " + failure.getMessage());
          if (outcome instanceof Outcome.Refused refused && refused.refusal() instanceof Refusal.AuditUnavailable) {
            return Future.succeededFuture(outcome);
          }
          return Future.succeededFuture(new Outcome.Refused(outcome.decisionId(),
              new Refusal.AuditUnavailable("the audit log could not record this call; its answer is withheld")));
        })
        .onSuccess(answered -> logCall(record, answered));
  }

  private void logCall(DecisionRecord record, Outcome answered) {
    if (!CALLS.isLoggable(Level.FINE)) {
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("decision_id", answered.decisionId());
    fields.put("caller", Objects.requireNonNullElse(record.caller(), "unauthenticated"));
    fields.put("target", Objects.requireNonNullElse(record.target(), "unknown"));
    fields.put("outcome", answered instanceof Outcome.Released ? "allow" : record.decision().wireName());
    fields.put("status", answered.status());
    fields.put("ms", Duration.between(record.time(), clock.instant()).toMillis());
    CALLS.log(Level.FINE, "call", fields);
  }
}
