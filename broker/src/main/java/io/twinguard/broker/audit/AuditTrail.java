package io.twinguard.broker.audit;

import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;

/** Where the broker records every decision and every change: the verifiable audit log. */
public interface AuditTrail {

  /**
   * Appends one record (a typed record made a leaf by {@code AuditRecord.of}). The future completes
   * only when the record is durable, with its index in the log; it fails when the record could not
   * be made durable.
   */
  Future<Long> append(AuditRecord record);

  /**
   * Whether appends are expected to succeed now. The broker forwards nothing while this is false,
   * so that no call reaches a twin without its record.
   */
  boolean available();
}
