package io.twinguard.broker.adapter;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.BlockCall;
import io.twinguard.broker.refusal.AdapterFailed;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Forwarded;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.RecordDraft;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.ScriptedAdapters;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.forward.Forward;
import io.twinguard.broker.forward.TargetCall;
import io.twinguard.broker.forward.Targets;
import io.twinguard.broker.forward.TwinTargets;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.policies.Decision;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Calls to a twin reached through its adapter, at the forward step, with a scripted adapter in memory. */
class AdapterTargetsTest {

  static final Decision.Allow ALLOW = new Decision.Allow(List.of(), 0, "rev-1");

  final ScriptedAdapters scripted = new ScriptedAdapters();
  final List<TargetCall> atEndpoints = new ArrayList<>();
  final List<Leased> released = new ArrayList<>();

  final Targets endpoints = new Targets() {
    @Override
    public Future<Upstream> call(TargetCall call) {
      atEndpoints.add(call);
      return new Refusal.TargetUnavailable("not here").fail();
    }

    @Override
    public Future<EventStream> events(TargetCall subscription) {
      return new Refusal.TargetUnavailable("not here").fail();
    }
  };

  final Forward forward = new Forward(new TwinTargets(endpoints, new AdapterTargets()), released::add);

  Catalog running(JsonObject settings) {
    var registry = AdapterFixtures.registry(scripted, settings);
    var adapter = value(scripted.create(null, AdapterFixtures.BUS, settings, "twins[0].adapter.settings"));
    return Catalog.of(registry, Map.of("bus-open-data", new LiveAdapter(adapter, ScriptedAdapters.TYPE)));
  }

  @Test
  void apply_twinWithAdapter_isAnsweredByItsAdapterAndTheRecordNamesTheArtefact() {
    Catalog catalog = running(new JsonObject().put("answer", new JsonObject().put("line", "42")));
    Leased leased = Calls.to("bus-open-data/data/arrivals/arrivals").in(catalog).subjects("ada")
        .json(new JsonObject().put("stop", "central")).leased(ALLOW);

    Forwarded forwarded = value(forward.apply(leased));

    BlockCall call = scripted.made.get(0).calls.get(0);
    assertEquals(AdapterFixtures.BUS, call.targetTwinId());
    assertEquals(new BlockRef(BlockKind.DATA, "arrivals"), call.block());
    assertEquals("arrivals", call.operation());
    assertEquals("{\"stop\":\"central\"}", new String(call.payload()));
    assertEquals(List.of("ada"), call.subjects());
    assertEquals(leased.ingress().decisionId(), call.decisionId());
    assertEquals(List.of(), atEndpoints);
    String artefact = scripted.made.get(0).artefact().uri();
    assertEquals(artefact, forwarded.upstream().artefact().orElseThrow());
    DecisionRecord record = RecordDraft.of(forwarded, new Outcome.Released(leased.ingress().decisionId(), 200,
        MultiMap.caseInsensitiveMultiMap(), forwarded.upstream().body()));
    assertEquals(artefact, record.artefact());
  }

  @Test
  void apply_adapterFailing_isRefusedWithItsFailureAndTheLeaseGivenUp() {
    Catalog catalog = running(new JsonObject().put("fail", "connection refused"));
    Leased leased = Calls.to("bus-open-data/data/arrivals/arrivals").in(catalog).leased(ALLOW);

    AdapterFailed failed = refusal(forward.apply(leased), AdapterFailed.class);

    AdapterFailure.Unreachable why = assertInstanceOf(AdapterFailure.Unreachable.class, failed.failure());
    assertEquals("connection refused", why.why());
    assertEquals(List.of(leased), released);
  }

  @Test
  void apply_twinWhoseAdapterDoesNotRun_isRefusedAsUnavailable() {
    Catalog withoutAdapter = Catalog.of(AdapterFixtures.registry(scripted, new JsonObject().put("answer", new JsonObject())));
    Leased leased = Calls.to("bus-open-data/data/arrivals/arrivals").in(withoutAdapter).leased(ALLOW);

    refusal(forward.apply(leased), Refusal.TargetUnavailable.class);

    assertEquals(List.of(), atEndpoints);
  }

  @Test
  void apply_twinAtAnEndpoint_goesToItsEndpoint() {
    Catalog catalog = running(new JsonObject().put("answer", new JsonObject()));
    Leased leased = Calls.to("thermostat/data/readings/read").in(catalog).leased(ALLOW);

    refusal(forward.apply(leased), Refusal.TargetUnavailable.class);

    assertEquals(1, atEndpoints.size());
    assertEquals(List.of(), scripted.made.get(0).calls);
  }
}
