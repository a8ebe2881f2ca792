package io.twinguard.broker.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Where the broker records every decision: the verifiable audit log. */
public interface AuditTrail {

  /**
   * Appends one record. The future completes only when the record is durable, with its index in the
   * log; it fails when the record could not be made durable.
   */
  Future<Long> append(JsonObject record);

  /**
   * Whether appends are expected to succeed now. The broker forwards nothing while this is false,
   * so that no call reaches a twin without its record.
   */
  boolean available();
}
