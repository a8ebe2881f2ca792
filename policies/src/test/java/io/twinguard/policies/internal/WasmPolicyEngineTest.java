package io.twinguard.policies.internal;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.Decision;
import io.twinguard.policies.Reason;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WasmPolicyEngineTest {

  private Vertx vertx;
  private WasmPolicyEngine engine;
  private final Bundle bundle = Bundle.fromFiles(BundleFiles.bundled());

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    engine = new WasmPolicyEngine(vertx, 2, Duration.ofSeconds(5));
    await(engine.load(bundle));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  private static List<String> codes(Decision decision) {
    return assertInstanceOf(Decision.Deny.class, decision).reasons().stream().map(Reason::code).toList();
  }

  @Test
  void decide_unparsableContextTime_deniedAsInvalidInputNotAnError() throws Exception {
    JsonObject input = example("uc5-fire-doors.json");
    input.getJsonObject("context").put("time", "2026-11-24 09:30");
    assertEquals(List.of("invalid_input"), codes(await(engine.decide(input))));
  }

  @Test
  void decide_nonAsciiText_isDecided() throws Exception {
    JsonObject input = example("uc6-building-booking.json");
    input.getJsonObject("caller").put("org", "org:bâtiment-ü");
    input.getJsonArray("consents").getJsonObject(0).put("recipient_org", "org:bâtiment-ü");
    assertTrue(await(engine.decide(input)).allowed());
  }

  @Test
  void decide_manyConcurrentCalls_eachDecidedOnItsOwnInstance() throws Exception {
    List<Future<Decision>> decisions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      decisions.add(engine.decide(example(i % 2 == 0 ? "uc5-fire-doors.json" : "uc6-employer-health.json")));
    }
    await(Future.all(decisions));
    for (int i = 0; i < decisions.size(); i++) {
      assertEquals(i % 2 == 0, decisions.get(i).result().allowed());
    }
  }

  @Test
  void decide_afterClose_deniedAsPolicyUnavailable() throws Exception {
    engine.close();
    Decision decision = await(engine.decide(example("uc5-fire-doors.json")));
    assertEquals(List.of(Decision.POLICY_UNAVAILABLE), codes(decision));
    assertEquals("engine", ((Decision.Deny) decision).reasons().get(0).policy());
  }

  @Test
  void decide_slowerThanTimeout_deniedAsPolicyUnavailable() throws Exception {
    WasmPolicyEngine impatient = new WasmPolicyEngine(vertx, 1, Duration.ofMillis(1));
    try {
      await(impatient.load(bundle));
      // a large input takes well over a millisecond to copy into the module and evaluate
      JsonObject input = example("uc6-building-booking.json");
      for (int i = 0; i < 3000; i++) {
        input.getJsonArray("subjects").add("subject:" + i);
      }
      assertEquals(List.of(Decision.POLICY_UNAVAILABLE), codes(await(impatient.decide(input))));
    } finally {
      impatient.close();
    }
  }

  @Test
  void load_bundleWithoutWasm_failsAndKeepsPreviousBundle() throws Exception {
    String before = engine.revision();
    Future<String> load = engine.load(new Bundle("rego-only", null, "{}"));
    assertFalse(load.toCompletionStage().toCompletableFuture().handle((r, e) -> e == null).get());
    assertEquals(before, engine.revision());
    assertTrue(await(engine.decide(example("uc5-fire-doors.json"))).allowed());
  }
}
