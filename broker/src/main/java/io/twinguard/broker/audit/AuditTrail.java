package io.twinguard.broker.audit;

import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;

/** Where the broker records every decision and every change: the verifiable audit log. */
public interface AuditTrail {

  /**
   * Appends one record (a typed record made a leaf by {@code AuditRecord.of}). The future completes
   * only when the record is durable, with its index in the log; it fails when the record could not
   * be made durable (with shared writers also when it got no index within the log's integration
   * timeout).
   */
  Future<Long> append(AuditRecord record);

  /**
   * Records one record durably without waiting for its index: the future completes once the record
   * is durable (with shared writers, accepted and not yet integrated), and fails when it could not be
   * made durable. What answers a call needs no index, so the call path uses this; what reports an
   * index (the admin API, policy rollout) appends. By default the same as {@link #append}.
   */
  default Future<Void> accept(AuditRecord record) {
    return append(record).mapEmpty();
  }

  /**
   * Whether appends are expected to succeed now. The broker forwards nothing while this is false,
   * so that no call reaches a twin without its record.
   */
  boolean available();
}
