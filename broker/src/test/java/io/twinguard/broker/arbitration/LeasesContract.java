package io.twinguard.broker.arbitration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link Leases} keeps, one broker's or a cluster's: run against each. Broker 0 and
 * broker 1 are one store seen from two brokers (the same store, standalone).
 */
public abstract class LeasesContract {

  /** The leases as broker {@code broker} sees them, each lease held for 30 s. */
  protected abstract Leases leases(int broker);

  private final String twin = "spiffe://test.example/twin/" + UUID.randomUUID();
  private final List<String> doors = List.of(twin + "#door:1", twin + "#door:2");

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void acquire_higherPriorityHolds_isRefusedNamingTheHolder() {
    await(leases(0).acquire("fire", doors, 100));

    LeaseResult.Refused refused = assertInstanceOf(LeaseResult.Refused.class,
        await(leases(1).acquire("hvac", doors, 40)));

    assertEquals("fire", refused.holder());
    assertEquals(100, refused.holderPriority());
  }

  @Test
  void acquire_equalPriority_takesTheLeaseOver() {
    await(leases(0).acquire("a", doors, 50));

    assertInstanceOf(LeaseResult.Granted.class, await(leases(1).acquire("b", doors, 50)));
    assertEquals("b", assertInstanceOf(LeaseResult.Refused.class, await(leases(0).acquire("c", doors, 10))).holder());
  }

  @Test
  void acquire_oneOfTwoActuatorsHeld_leasesNeither() {
    await(leases(0).acquire("fire", List.of(doors.get(0)), 100));

    assertInstanceOf(LeaseResult.Refused.class, await(leases(1).acquire("hvac", doors, 40)));

    assertInstanceOf(LeaseResult.Granted.class, await(leases(1).acquire("lift", List.of(doors.get(1)), 10)));
  }

  @Test
  void acquire_holderAgainAtALowerPriority_renewsItsOwnLease() {
    await(leases(0).acquire("fire", doors, 100));

    assertInstanceOf(LeaseResult.Granted.class, await(leases(1).acquire("fire", doors, 20)));
  }

  @Test
  void release_byAnotherCaller_keepsTheLease() {
    await(leases(0).acquire("fire", doors, 100));

    await(leases(1).release("hvac", doors));

    assertInstanceOf(LeaseResult.Refused.class, await(leases(1).acquire("hvac", doors, 40)));
  }

  @Test
  void release_byTheHolder_letsALowerPriorityAtAnotherBrokerIn() {
    await(leases(0).acquire("fire", doors, 100));

    await(leases(0).release("fire", doors));

    assertInstanceOf(LeaseResult.Granted.class, await(leases(1).acquire("hvac", doors, 40)));
  }
}
