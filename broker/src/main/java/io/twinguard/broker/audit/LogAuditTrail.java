package io.twinguard.broker.audit;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;

/**
 * The broker's audit trail on the verifiable audit log. An append completes when the record is
 * committed with its index and covered by a signed checkpoint; an accept completes when the record
 * is durable ({@link AuditLog#accept}: with a single writer the same commit, with shared writers
 * before the integrator gives it its index). The trail counts as unavailable from a failed append
 * or accept until the next one succeeds; refusals are still recorded meanwhile, so the first record
 * that lands again makes the broker forward calls again.
 */
public final class LogAuditTrail implements AuditTrail {

  private final AuditLog log;
  private volatile boolean available = true;

  public LogAuditTrail(AuditLog log) {
    this.log = log;
  }

  @Override
  public Future<Long> append(AuditRecord record) {
    return log.append(record)
        .map(appended -> {
          available = true;
          return appended.index();
        })
        .onFailure(failure -> available = false);
  }

  @Override
  public Future<Void> accept(AuditRecord record) {
    return log.accept(record)
        .<Void>map(accepted -> {
          available = true;
          return null;
        })
        .onFailure(failure -> available = false);
  }

  @Override
  public boolean available() {
    return available;
  }
}
