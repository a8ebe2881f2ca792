package io.twinguard.audit.log;

/** A registration that can be ended, such as a checkpoint listener of {@link AuditLog}. */
@FunctionalInterface
public interface Subscription {

  /**
   * Ends the registration: once this returns, no delivery to it starts. Calling it again does
   * nothing.
   */
  void cancel();
}
