package io.twinguard.tests.load;

import io.twinguard.broker.audit.AuditTrail;
import io.vertx.core.Future;
import io.twinguard.audit.record.AuditRecord;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Audit off", for the load benchmark only: accepts every record at once and only counts it, so that
 * the broker's throughput with the real log can be compared with the broker doing everything else.
 * Never use it in a broker that serves anyone: nothing is recorded.
 */
final class MemoryAuditTrail implements AuditTrail {

  private final AtomicLong next = new AtomicLong();

  @Override
  public Future<Long> append(AuditRecord record) {
    return Future.succeededFuture(next.getAndIncrement());
  }

  @Override
  public boolean available() {
    return true;
  }

  long appended() {
    return next.get();
  }
}
