package io.twinguard.broker.audit;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;

/**
 * The broker's audit trail on the verifiable audit log. An append completes when the record's
 * batch is committed and covered by a signed checkpoint. The trail counts as unavailable from a
 * failed append until the next one succeeds; refusals are still appended meanwhile, so the first
 * record that lands again makes the broker forward calls again.
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
  public boolean available() {
    return available;
  }
}
