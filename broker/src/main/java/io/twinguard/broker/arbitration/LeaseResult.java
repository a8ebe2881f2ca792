package io.twinguard.broker.arbitration;

import java.time.Instant;

/** The outcome of asking for actuator leases: granted, or refused because another caller holds one. */
public sealed interface LeaseResult {

  /** Every requested actuator is leased to the caller until {@code expires}. */
  record Granted(Instant expires) implements LeaseResult {}

  /**
   * Refused: {@code actuator} is held by {@code holder} at {@code holderPriority}, higher than the
   * caller's, until {@code until}.
   */
  record Refused(String actuator, String holder, int holderPriority, Instant until) implements LeaseResult {}
}
