package io.twinguard.broker.arbitration;

import java.time.Clock;
import java.time.Duration;

/** The lease rules on one broker's leases. */
class LocalLeasesTest extends LeasesContract {

  private final Leases leases = Leases.local(new ActuatorLeases(Clock.systemUTC(), Duration.ofSeconds(30)));

  @Override
  protected Leases leases(int broker) {
    return leases;
  }
}
