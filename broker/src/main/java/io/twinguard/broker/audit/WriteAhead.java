package io.twinguard.broker.audit;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.ForwardingRecord;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.call.RecordDraft;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The record invariant: a call that changes the world (an operation the registry marks as a command,
 * such as every gateway command; with {@code log.write_ahead: all} every call) reaches its target only
 * once the decision to forward it is durable in the audit log ({@link ForwardingRecord}, through
 * {@link AuditTrail#accept}: durable, its index possibly given later); its
 * outcome is recorded after, under the same decision id. When the record cannot be made durable,
 * nothing is forwarded and the leases the call took are given up.
 */
public final class WriteAhead implements Step<Leased, Leased> {

  private static final Logger LOG = Logger.getLogger(WriteAhead.class.getName());

  private final AuditTrail audit;
  private final boolean everyCall;
  private final Consumer<Leased> noEffect;

  /**
   * @param everyCall whether reads are recorded ahead too, not only commands
   * @param noEffect releases the leases of a call that will not be forwarded
   */
  public WriteAhead(AuditTrail audit, boolean everyCall, Consumer<Leased> noEffect) {
    this.audit = audit;
    this.everyCall = everyCall;
    this.noEffect = noEffect;
  }

  @Override
  public Future<Leased> apply(Leased leased) {
    if (!everyCall && !leased.resolved().operation().command()) {
      return Future.succeededFuture(leased);
    }
    ForwardingRecord record;
    try {
      record = RecordDraft.forwarding(leased);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.SEVERE, "decision " + leased.ingress().decisionId() + " has no valid forwarding record ("
          + e.getMessage() + "); nothing was forwarded");
      return refuse(leased);
    }
    return audit.accept(AuditRecord.of(record))
        .map(durable -> leased)
        .recover(failure -> refuse(leased));
  }

  private Future<Leased> refuse(Leased leased) {
    noEffect.accept(leased);
    return new Refusal.AuditUnavailable("the audit log could not record the decision to forward this call; "
        + "nothing was forwarded").fail();
  }
}
