package io.twinguard.broker.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.BlockCall;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.ScriptedAdapters;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryException;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwinAdaptersTest {

  final Vertx vertx = Vertx.vertx();
  final ScriptedAdapters scripted = new ScriptedAdapters();
  final TwinAdapters adapters = new TwinAdapters(vertx, scripted.adapters());

  static final JsonObject ANSWER = new JsonObject().put("answer", new JsonObject().put("v", 1));

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void start_registryWithAnAdapterTwin_runsItsAdapterOnly() throws Exception {
    Map<String, Adapter> running = await(adapters.start(AdapterFixtures.registry(scripted, ANSWER)));

    assertEquals(List.of("bus-open-data"), List.copyOf(running.keySet()));
    assertEquals(1, scripted.made.size());
  }

  @Test
  void start_adapterThatCannotBeCreated_isRefusedNamingItsPathAndTheOthersClosed() throws Exception {
    Registry registry = AdapterFixtures.registry(scripted, ANSWER);
    Twin second = new Twin("spiffe://test.example/twin/tram-open-data", "tram-open-data", "tram-co", "transport",
        new io.twinguard.broker.registry.Reach.Adapted(new JsonObject().put("type", ScriptedAdapters.TYPE)
            .put("settings", new JsonObject().put("answr", 1))), Map.of());

    Throwable failure = failure(adapters.start(registry.with(second)));

    RegistryException refused = assertInstanceOf(RegistryException.class, failure);
    assertTrue(refused.errors().stream().anyMatch(e -> e.matches("twins\\[\\d+]\\.adapter\\.settings\\.answr: unknown key")),
        refused.errors().toString());
    assertTrue(scripted.made.stream().allMatch(made -> made.closed), "the adapter that was created is closed again");
  }

  @Test
  void prepare_sameDeclaration_keepsTheRunningAdapter_changedOneMakesANewOne() throws Exception {
    Registry registry = AdapterFixtures.registry(scripted, ANSWER);
    Catalog current = Catalog.of(registry, await(adapters.start(registry)));
    Adapter running = current.adapter("bus-open-data").orElseThrow();

    Optional<Adapter> same = await(adapters.prepare(current, AdapterFixtures.bus(scripted, ANSWER), "twin"));
    Optional<Adapter> changed = await(adapters.prepare(current,
        AdapterFixtures.bus(scripted, new JsonObject().put("answer", new JsonObject().put("v", 2))), "twin"));
    Optional<Adapter> endpoint = await(adapters.prepare(current, Calls.twin("thermostat"), "twin"));

    assertSame(running, same.orElseThrow());
    assertFalse(changed.orElseThrow() == running);
    assertEquals(2, scripted.made.size());
    assertEquals(Optional.empty(), endpoint);
  }

  @Test
  void retireReplaced_adapterWithACallInFlight_closesItOnlyWhenTheCallEnded() throws Exception {
    Registry registry = AdapterFixtures.registry(scripted, new JsonObject().put("hold", true));
    Catalog current = Catalog.of(registry, await(adapters.start(registry)));
    Adapter live = current.adapter("bus-open-data").orElseThrow();
    ScriptedAdapters.Scripted underneath = scripted.made.get(0);
    Future<AdapterResponse> inFlight = live.call(new BlockCall(AdapterFixtures.BUS, new BlockRef(BlockKind.DATA, "arrivals"),
        "arrivals", new byte[0], "spiffe://test.example/twin/office", "dpv:ServiceProvision", List.of(), "dec-1"));

    TwinAdapters.retireReplaced(current, current.without("bus-open-data"));
    assertFalse(underneath.closed, "a call is in flight");
    underneath.held.get(0).complete(new AdapterResponse(200, AdapterResponse.JSON, new byte[0],
        ArtefactDigest.of(new byte[0], "scripted")));

    assertTrue(inFlight.succeeded());
    assertTrue(underneath.closed, "closed once its last call ended");
  }

  @Test
  void retireReplaced_theAdapterThatIsKept_isNotClosed() throws Exception {
    Registry registry = AdapterFixtures.registry(scripted, ANSWER);
    Catalog current = Catalog.of(registry, await(adapters.start(registry)));
    Catalog next = current.with(Calls.twin("thermostat"), Optional.empty());

    TwinAdapters.retireReplaced(current, next);

    assertFalse(scripted.made.get(0).closed);
  }

  @Test
  void adopt_registryChangedElsewhere_keepsUnchangedAdapters_createsChangedOnes() throws Exception {
    Registry registry = AdapterFixtures.registry(scripted, ANSWER);
    Catalog current = Catalog.of(registry, await(adapters.start(registry)));
    Adapter running = current.adapter("bus-open-data").orElseThrow();
    Registry withThermostat = registry.with(Calls.twin("thermostat"));
    Registry changed = registry.with(AdapterFixtures.bus(scripted, new JsonObject().put("answer",
        new JsonObject().put("v", 2))));

    TwinAdapters.Adopted same = await(adapters.adopt(current, withThermostat));
    TwinAdapters.Adopted other = await(adapters.adopt(current, changed));

    assertSame(running, same.catalog().adapter("bus-open-data").orElseThrow());
    assertFalse(other.catalog().adapter("bus-open-data").orElseThrow() == running);
    assertEquals(List.of(), other.errors());
    assertEquals(2, scripted.made.size());
    assertFalse(scripted.made.get(0).closed, "adopting retires nothing");
  }

  @Test
  void adopt_adapterThatCannotBeCreated_takesTheTwinWithoutOne_namingWhy() throws Exception {
    Registry registry = AdapterFixtures.registry(scripted, ANSWER);
    Catalog current = Catalog.of(registry, await(adapters.start(registry)));
    scripted.refuseCreation = "no server here";

    TwinAdapters.Adopted adopted = await(adapters.adopt(current, registry.with(AdapterFixtures.bus(scripted,
        new JsonObject().put("answer", new JsonObject().put("v", 2))))));

    assertEquals(Optional.empty(), adopted.catalog().adapter("bus-open-data"));
    assertTrue(adopted.errors().get(0).matches("twins\\[\\d+]\\.adapter: the adapter could not be created: .*no server here.*"),
        adopted.errors().toString());
    assertFalse(scripted.made.get(0).closed, "adopting retires nothing");
  }
}
