package io.twinguard.broker.call;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.InvalidRecordException;
import io.twinguard.broker.audit.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An audit trail in memory, for tests of the pipeline's own logic; it can be switched off. Every
 * record must pass the audit log's schema, as the real log demands.
 */
final class RecordingAuditTrail implements AuditTrail {

  final List<JsonObject> records = new CopyOnWriteArrayList<>();
  volatile boolean up = true;

  @Override
  public Future<Long> append(JsonObject record) {
    if (!up) {
      return Future.failedFuture("audit log down");
    }
    try {
      AuditRecord.parse(record.encode());
    } catch (InvalidRecordException e) {
      return Future.failedFuture(new AssertionError("record breaks the audit schema: " + e.getMessage() + "\n" + record.encodePrettily()));
    }
    records.add(record.copy());
    return Future.succeededFuture((long) records.size() - 1);
  }

  @Override
  public boolean available() {
    return up;
  }

  JsonObject last() {
    return records.get(records.size() - 1);
  }
}
