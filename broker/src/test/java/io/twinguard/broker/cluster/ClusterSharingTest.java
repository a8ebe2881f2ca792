package io.twinguard.broker.cluster;

import static io.twinguard.broker.cluster.Members.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapters;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.arbitration.LeaseResult;
import io.twinguard.broker.arbitration.Leases;
import io.twinguard.broker.arbitration.LeasesContract;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.replay.Nonces;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.common.settings.ClusterSettings;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The shared nonces, leases, registry and mode on three real Hazelcast members in this JVM. */
class ClusterSharingTest {

  static final Clock CLOCK = Clock.systemUTC();
  static Members members;
  static final ClusterSettings SETTINGS = new ClusterSettings(true, "unit", "127.0.0.1", 19701, List.of("127.0.0.1:19701"),
      5000);

  @BeforeAll
  static void start() {
    members = Members.start(19701, 3);
  }

  @AfterAll
  static void stop() {
    members.close();
  }

  static ClusterSharing sharing(int member) {
    return new ClusterSharing(members.get(member).vertx(), members.get(member).manager(), SETTINGS, CLOCK);
  }

  static Nonces nonces(int member) {
    return sharing(member).nonces(new ReplayGuard(CLOCK, Duration.ofSeconds(60), 1000));
  }

  static List<String> doors(String twin) {
    return List.of(twin + "#door:1", twin + "#door:2");
  }

  static String someTwin() {
    return "spiffe://test.example/twin/" + UUID.randomUUID();
  }

  @Test
  void check_nonceUsedAtOneMember_isRefusedAtEveryOther() {
    String nonce = UUID.randomUUID().toString();
    Instant created = CLOCK.instant();

    assertEquals(ReplayGuard.Verdict.ACCEPTED, await(nonces(0).check("spiffe://t/twin/a", nonce, created)));
    assertEquals(ReplayGuard.Verdict.REPLAYED, await(nonces(1).check("spiffe://t/twin/a", nonce, created)));
    assertEquals(ReplayGuard.Verdict.REPLAYED, await(nonces(2).check("spiffe://t/twin/a", nonce, created)));
    assertEquals(ReplayGuard.Verdict.ACCEPTED, await(nonces(1).check("spiffe://t/twin/b", nonce, created)));
  }

  @Test
  void check_staleAtAnyMember_isStaleWithoutTouchingTheCluster() {
    Instant old = CLOCK.instant().minusSeconds(600);

    assertEquals(ReplayGuard.Verdict.STALE, await(nonces(1).check("spiffe://t/twin/a", "n", old)));
  }

  @Test
  void acquire_concurrentlyAtThreeMembers_grantsOneActuatorToOneHolderAtATime() {
    String twin = someTwin();
    List<Future<LeaseResult>> tries = List.of(
        sharing(0).leases(CLOCK, Duration.ofSeconds(30)).acquire("a", doors(twin), 50),
        sharing(1).leases(CLOCK, Duration.ofSeconds(30)).acquire("b", doors(twin), 60),
        sharing(2).leases(CLOCK, Duration.ofSeconds(30)).acquire("c", doors(twin), 70));
    await(Future.join(tries));

    LeaseResult last = await(sharing(0).leases(CLOCK, Duration.ofSeconds(30)).acquire("probe", doors(twin), 65));

    // whatever the order, the highest priority is granted and holds both doors: no later write of a lower one
    assertInstanceOf(LeaseResult.Granted.class, tries.get(2).result());
    assertEquals("c", assertInstanceOf(LeaseResult.Refused.class, last).holder());
  }

  @Test
  void change_atOneMember_isEffectiveAtEveryMemberWhenItCompletes() {
    String name = "test.ecosystem." + UUID.randomUUID();
    List<EcosystemState> states = ecosystems(name, Calls.catalog());

    Long result = await(states.get(0).change(current -> Future.succeededFuture(current.with(PolicyInputs.Mode.EMERGENCY)),
        () -> Future.succeededFuture(7L)));

    assertEquals(7L, result);
    states.forEach(state -> assertEquals(PolicyInputs.Mode.EMERGENCY, state.current().mode()));
  }

  @Test
  void change_concurrentAtTwoMembers_losesNeitherChange() {
    String name = "test.ecosystem." + UUID.randomUUID();
    List<EcosystemState> states = ecosystems(name, Calls.catalog());

    await(Future.all(
        states.get(0).change(s -> Future.succeededFuture(s.with(without(s.catalog(), "office"))),
            () -> Future.succeededFuture(1L)),
        states.get(1).change(s -> Future.succeededFuture(s.with(without(s.catalog(), "sprinklers"))),
            () -> Future.succeededFuture(2L))));

    for (EcosystemState state : states) {
      assertTrue(state.current().catalog().registry().twin("office").isEmpty());
      assertTrue(state.current().catalog().registry().twin("sprinklers").isEmpty());
      assertTrue(state.current().catalog().registry().twin("thermostat").isPresent());
    }
  }

  @Test
  void change_whoseRecordFails_changesNothingAndKeepsChangesPossible() {
    String name = "test.ecosystem." + UUID.randomUUID();
    List<EcosystemState> states = ecosystems(name, Calls.catalog());

    Future<Long> failed = states.get(1).change(current -> Future.succeededFuture(current.with(PolicyInputs.Mode.EMERGENCY)),
        () -> Future.failedFuture(new IllegalStateException("audit down")));
    assertEquals("audit down", assertInstanceOf(IllegalStateException.class, awaitFailure(failed)).getMessage());
    await(states.get(2).change(s -> Future.succeededFuture(s.with(without(s.catalog(), "office"))),
        () -> Future.succeededFuture(3L)));

    states.forEach(state -> assertEquals(PolicyInputs.Mode.NORMAL, state.current().mode()));
    states.forEach(state -> assertTrue(state.current().catalog().registry().twin("office").isEmpty()));
  }

  @Test
  void join_memberStartingWithAnotherRegistry_adoptsTheClusters() {
    String name = "test.ecosystem." + UUID.randomUUID();
    EcosystemState first = await(ClusterEcosystem.join(members.get(0).vertx(), members.get(0).manager(), name,
        new EcosystemState.Snapshot(Calls.catalog(), PolicyInputs.Mode.NORMAL), noAdapters(0), Duration.ofSeconds(5)));
    await(first.change(s -> Future.succeededFuture(s.with(PolicyInputs.Mode.EMERGENCY)), () -> Future.succeededFuture(1L)));

    EcosystemState later = await(ClusterEcosystem.join(members.get(1).vertx(), members.get(1).manager(), name,
        new EcosystemState.Snapshot(without(Calls.catalog(), "thermostat"), PolicyInputs.Mode.NORMAL), noAdapters(1),
        Duration.ofSeconds(5)));

    assertEquals(PolicyInputs.Mode.EMERGENCY, later.current().mode());
    assertTrue(later.current().catalog().registry().twin("thermostat").isPresent());
  }

  /** The lease rules of one broker hold across members. */
  @Nested
  class LeaseRules extends LeasesContract {
    @Override
    protected Leases leases(int broker) {
      return sharing(broker).leases(CLOCK, Duration.ofSeconds(30));
    }
  }

  static Catalog without(Catalog catalog, String twin) {
    return Catalog.of(catalog.registry().without(twin));
  }

  static List<EcosystemState> ecosystems(String name, Catalog initial) {
    return List.of(0, 1, 2).stream().map(i -> await(ClusterEcosystem.join(members.get(i).vertx(),
        members.get(i).manager(), name, new EcosystemState.Snapshot(initial, PolicyInputs.Mode.NORMAL),
        noAdapters(i), Duration.ofSeconds(5)))).toList();
  }

  /** Member {@code i}'s adapter types: none (these tests' twins are reached at endpoints). */
  static TwinAdapters noAdapters(int i) {
    return new TwinAdapters(members.get(i).vertx(), new Adapters(List.of()));
  }

  static Throwable awaitFailure(Future<?> future) {
    await(future.transform(done -> Future.succeededFuture()));
    assertTrue(future.failed(), "expected a failure");
    return future.cause();
  }
}
