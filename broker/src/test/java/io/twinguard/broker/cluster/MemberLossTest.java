package io.twinguard.broker.cluster;

import static io.twinguard.broker.cluster.Members.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twinguard.adapters.Adapters;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.arbitration.LeaseResult;
import io.twinguard.broker.arbitration.Leases;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.common.settings.ClusterSettings;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the others keep and lose when a member leaves: its leases lapse after their time, changes go on. */
class MemberLossTest {

  static final Clock CLOCK = Clock.systemUTC();
  static final ClusterSettings SETTINGS = new ClusterSettings(true, "unit", "127.0.0.1", 19711, List.of("127.0.0.1:19711"),
      5000);
  static final List<String> DOORS = List.of("spiffe://test.example/twin/hq#door:1");

  @Test
  void acquire_afterTheHoldersMemberLeft_isRefusedUntilTheLeaseTimeThenGranted() {
    try (Members members = Members.start(19711, 2)) {
      Leases a = new ClusterSharing(members.get(0).vertx(), members.get(0).manager(), SETTINGS, CLOCK)
          .leases(CLOCK, Duration.ofSeconds(3));
      Leases b = new ClusterSharing(members.get(1).vertx(), members.get(1).manager(), SETTINGS, CLOCK)
          .leases(CLOCK, Duration.ofSeconds(3));
      await(a.acquire("fire", DOORS, 100));

      members.stop(0);

      assertInstanceOf(LeaseResult.Refused.class, await(b.acquire("hvac", DOORS, 40)), "the lease outlives its member");
      int tries = 0;
      LeaseResult result;
      do {
        result = await(members.get(1).vertx().timer(250).compose(t -> b.acquire("hvac", DOORS, 40)));
        tries++;
      } while (result instanceof LeaseResult.Refused && tries < 80);
      assertInstanceOf(LeaseResult.Granted.class, result, "the lease lapsed after its time");
    }
  }

  @Test
  void change_afterAMemberLeft_isEffectiveAtTheOthers() {
    try (Members members = Members.start(19721, 3)) {
      List<EcosystemState> states = List.of(0, 1, 2).stream().map(i -> await(ClusterEcosystem.join(
          members.get(i).vertx(), members.get(i).manager(), ClusterEcosystem.NAME,
          new EcosystemState.Snapshot(Calls.catalog(), PolicyInputs.Mode.NORMAL),
          new TwinAdapters(members.get(i).vertx(), new Adapters(List.of())), Duration.ofSeconds(5)))).toList();

      members.stop(2);
      Long index = await(states.get(1).change(s -> Future.succeededFuture(s.with(PolicyInputs.Mode.EMERGENCY)),
          () -> Future.succeededFuture(9L)));

      assertEquals(9L, index);
      assertEquals(PolicyInputs.Mode.EMERGENCY, states.get(0).current().mode());
    }
  }
}
