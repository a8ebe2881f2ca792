package io.twinguard.broker.arbitration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twinguard.broker.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActuatorLeasesTest {

  static final String FIRE = "spiffe://city.example/twin/fire-system";
  static final String HVAC = "spiffe://city.example/twin/hvac-room-1";
  static final String DOOR = "spiffe://city.example/twin/building#door-1";
  static final String WINDOW = "spiffe://city.example/twin/building#window-1";

  MutableClock clock;
  ActuatorLeases leases;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    leases = new ActuatorLeases(clock, Duration.ofSeconds(30));
  }

  @Test
  void refusesCommand_whenHigherPriorityHoldsLease() {
    leases.acquire(FIRE, List.of(DOOR), 100);

    LeaseResult result = leases.acquire(HVAC, List.of(DOOR), 40);

    LeaseResult.Refused refused = assertInstanceOf(LeaseResult.Refused.class, result);
    assertEquals(DOOR, refused.actuator());
    assertEquals(FIRE, refused.holder());
    assertEquals(100, refused.holderPriority());
    assertEquals(Instant.parse("2026-11-24T10:00:30Z"), refused.until());
  }

  @Test
  void grantsCommand_whenHigherPriorityPreemptsLowerHolder() {
    leases.acquire(HVAC, List.of(DOOR), 40);

    assertInstanceOf(LeaseResult.Granted.class, leases.acquire(FIRE, List.of(DOOR), 100));
    assertInstanceOf(LeaseResult.Refused.class, leases.acquire(HVAC, List.of(DOOR), 40));
  }

  @Test
  void grantsCommand_afterHigherLeaseExpires() {
    leases.acquire(FIRE, List.of(DOOR), 100);
    clock.advance(Duration.ofSeconds(30));

    assertInstanceOf(LeaseResult.Granted.class, leases.acquire(HVAC, List.of(DOOR), 40));
  }

  @Test
  void grantsCommand_afterHolderReleases() {
    leases.acquire(FIRE, List.of(DOOR), 100);
    leases.release(HVAC, List.of(DOOR));
    assertInstanceOf(LeaseResult.Refused.class, leases.acquire(HVAC, List.of(DOOR), 40));

    leases.release(FIRE, List.of(DOOR));

    assertInstanceOf(LeaseResult.Granted.class, leases.acquire(HVAC, List.of(DOOR), 40));
  }

  @Test
  void refusesWholeCommand_whenOneOfItsActuatorsIsHeld() {
    leases.acquire(FIRE, List.of(WINDOW), 100);

    assertInstanceOf(LeaseResult.Refused.class, leases.acquire(HVAC, List.of(DOOR, WINDOW), 40));
    assertInstanceOf(LeaseResult.Granted.class, leases.acquire("spiffe://city.example/twin/other", List.of(DOOR), 10));
  }

  @Test
  void holderRenewsItsOwnLease_evenAtLowerPriority() {
    leases.acquire(HVAC, List.of(DOOR), 40);
    clock.advance(Duration.ofSeconds(20));

    LeaseResult.Granted renewed = assertInstanceOf(LeaseResult.Granted.class, leases.acquire(HVAC, List.of(DOOR), 40));

    assertEquals(Instant.parse("2026-11-24T10:00:50Z"), renewed.expires());
  }
}
