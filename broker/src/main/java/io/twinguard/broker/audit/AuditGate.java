package io.twinguard.broker.audit;

import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;

/**
 * Lets a call go on to its target only while the audit log records: no audit log, nothing
 * forwarded.
 */
public final class AuditGate {

  private final AuditTrail audit;

  public AuditGate(AuditTrail audit) {
    this.audit = audit;
  }

  /** {@code stage} unchanged while the log records; a refusal otherwise. */
  public <S> Future<S> apply(S stage) {
    return audit.available()
        ? Future.succeededFuture(stage)
        : new Refusal.AuditUnavailable("the audit log cannot record calls now; nothing was forwarded").fail();
  }
}
