package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.Accepted;
import io.twinguard.audit.log.Appended;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;

/**
 * How records get into the log: {@link GroupCommitter} when this process is its only writer,
 * {@link SharedWriters} when several share it. Futures complete on the caller's Vert.x context.
 */
public interface Writers {

  /** Connects and reads what the log needs before the first record. */
  Future<Void> start();

  /** Completes once the record is durable. */
  Future<Accepted> accept(AuditRecord record);

  /**
   * Completes once an accepted record has its index and a checkpoint covering it.
   *
   * @throws IllegalArgumentException (in the future) for a record accepted by another kind of writer
   */
  Future<Appended> integrated(Accepted accepted);

  /** Completes once the record is durable and has its index. */
  Future<Appended> append(AuditRecord record);

  /** Closes the writer's connections; what is in flight fails. */
  Future<Void> close();
}
