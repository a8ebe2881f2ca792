package io.twinguard.broker.cluster;

import static io.twinguard.broker.cluster.Members.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.ScriptedAdapters;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.broker.registry.Reach;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry change that puts a twin reached through an adapter, on three real Hazelcast members in
 * this JVM, each with adapter types of its own: every member runs its own adapter of the new
 * declaration before the change completes, and retires the one it replaced.
 */
class ClusterAdaptersTest {

  static final String BUS = "bus-open-data";
  static Members members;

  @BeforeAll
  static void start() {
    members = Members.start(19731, 3);
  }

  @AfterAll
  static void stop() {
    members.close();
  }

  /** One member's ecosystem and the adapters its types made. */
  record Member(EcosystemState state, TwinAdapters adapters, ScriptedAdapters scripted) {
    Optional<Adapter> bus() {
      return state.current().catalog().adapter(BUS);
    }
  }

  @Test
  void change_puttingAnAdaptedTwinAtOneMember_runsItsOwnAdapterAtEveryMemberWhenItCompletes() {
    List<Member> brokers = join(Calls.catalog(), Calls.catalog(), Calls.catalog());

    await(put(brokers.get(0), 1));

    List<Adapter> running = brokers.stream().map(member -> member.bus().orElseThrow()).toList();
    brokers.forEach(member -> assertEquals(1, member.scripted().made.size()));
    brokers.forEach(member -> assertEquals(settings(1), member.scripted().made.get(0).settings));
    assertNotSame(running.get(0), running.get(1));
    assertNotSame(running.get(1), running.get(2));
  }

  @Test
  void change_replacingTheDeclaration_retiresTheReplacedAdapterAtEveryMember() {
    List<Member> brokers = join(Calls.catalog(), Calls.catalog(), Calls.catalog());
    await(put(brokers.get(1), 1));

    await(put(brokers.get(2), 2));

    for (Member member : brokers) {
      assertTrue(member.scripted().made.get(0).closed, "the adapter of the first declaration is closed");
      assertFalse(member.scripted().made.get(1).closed);
      assertEquals(settings(2), member.scripted().made.get(1).settings);
    }
  }

  @Test
  void change_memberThatCannotCreateTheAdapter_isRefusedNamingIt_andServesNoStaleAdapter() {
    List<Member> brokers = join(Calls.catalog(), Calls.catalog(), Calls.catalog());
    await(put(brokers.get(0), 1));
    brokers.get(2).scripted().refuseCreation = "no server here";

    Throwable failure = ClusterSharingTest.awaitFailure(put(brokers.get(0), 2));

    Refusal refusal = assertInstanceOf(Refused.class, failure).refusal();
    String detail = assertInstanceOf(Refusal.ClusterUnavailable.class, refusal).detail();
    assertTrue(detail.contains(members.get(2).manager().getNodeId()) && detail.contains("no server here"), detail);
    Member third = brokers.get(2);
    assertEquals(Optional.empty(), third.bus());
    assertEquals(adapted(2), third.state().current().catalog().registry().twin(BUS).orElseThrow().reach());
    assertTrue(third.scripted().made.get(0).closed, "the replaced declaration's adapter serves no more calls");
    assertEquals(settings(2), brokers.get(1).scripted().made.get(1).settings);
  }

  @Test
  void join_memberWhoseFileDiffers_takesTheClustersRegistry_keepingTheAdaptersDeclaredAlike() {
    String name = "test.ecosystem." + UUID.randomUUID();
    ScriptedAdapters founding = new ScriptedAdapters();
    join(0, name, catalogWithAdapter(0, founding, 1), founding);
    ScriptedAdapters alike = new ScriptedAdapters();
    Catalog same = catalogWithAdapter(1, alike, 1);
    ScriptedAdapters other = new ScriptedAdapters();

    Member joinedAlike = join(1, name, same, alike);
    Member joinedOther = join(2, name, catalogWithAdapter(2, other, 2), other);

    assertSame(same.adapter(BUS).orElseThrow(), joinedAlike.bus().orElseThrow());
    assertEquals(1, alike.made.size());
    assertEquals(adapted(1), joinedOther.state().current().catalog().registry().twin(BUS).orElseThrow().reach());
    assertTrue(other.made.get(0).closed, "the file's declaration is not the cluster's: its adapter is retired");
    assertEquals(settings(1), other.made.get(1).settings);
    assertFalse(other.made.get(1).closed);
  }

  static JsonObject settings(int version) {
    return new JsonObject().put("answer", new JsonObject().put("v", version));
  }

  static JsonObject declaration(int version) {
    return new JsonObject().put("type", ScriptedAdapters.TYPE).put("settings", settings(version));
  }

  static Reach adapted(int version) {
    return new Reach.Adapted(declaration(version));
  }

  /** The bus company's open data, reached through a {@code scripted} adapter of {@code version}. */
  static Twin bus(int version) {
    return RegistryCodec.twinFromJson(new JsonObject()
        .put("id", "spiffe://test.example/twin/" + BUS).put("org", "bus-co").put("class", "transport")
        .put("adapter", declaration(version))
        .put("blocks", new JsonArray().add(new JsonObject().put("kind", "data").put("name", "arrivals")
            .put("operations", new JsonObject().put("arrivals", new JsonObject())))),
        "twin", new ScriptedAdapters().adapters());
  }

  /** Puts the bus twin of {@code version} at {@code member}, as the admin API does. */
  static Future<Long> put(Member member, int version) {
    Twin twin = bus(version);
    return member.state().change(s -> member.adapters().prepare(s.catalog(), twin, "twin")
        .map(adapter -> s.with(s.catalog().with(twin, adapter))), () -> Future.succeededFuture((long) version));
  }

  /** The test registry with the bus of {@code version} and its adapter running, made by {@code scripted}. */
  static Catalog catalogWithAdapter(int member, ScriptedAdapters scripted, int version) {
    Catalog catalog = Calls.catalog().with(bus(version), Optional.empty());
    return Catalog.of(catalog.registry(), await(new TwinAdapters(members.get(member).vertx(), scripted.adapters())
        .start(catalog.registry())));
  }

  static List<Member> join(Catalog... initial) {
    String name = "test.ecosystem." + UUID.randomUUID();
    return IntStream.range(0, initial.length).mapToObj(i -> join(i, name, initial[i])).toList();
  }

  static Member join(int member, String name, Catalog initial) {
    return join(member, name, initial, new ScriptedAdapters());
  }

  static Member join(int member, String name, Catalog initial, ScriptedAdapters scripted) {
    TwinAdapters adapters = new TwinAdapters(members.get(member).vertx(), scripted.adapters());
    return new Member(await(ClusterEcosystem.join(members.get(member).vertx(), members.get(member).manager(), name,
        new EcosystemState.Snapshot(initial, PolicyInputs.Mode.NORMAL), adapters, Duration.ofSeconds(5))), adapters,
        scripted);
  }
}
