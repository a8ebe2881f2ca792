package io.twinguard.policies.internal;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.eventually;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.Decision;
import io.twinguard.policies.Reason;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WasmPolicyEngineTest {

  private Vertx vertx;
  private WasmPolicyEngine engine;
  private final Bundle bundle = Bundle.fromFiles(BundleFiles.bundled());

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    engine = await(WasmPolicyEngine.create(vertx, Duration.ofSeconds(5)));
    await(engine.load(bundle));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  private static <T> T on(Context context, Callable<T> work) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(ignored -> {
      try {
        done.complete(work.call());
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return await(done.future());
  }

  private static List<String> codes(Decision decision) {
    return assertInstanceOf(Decision.Deny.class, decision).reasons().stream().map(Reason::code).toList();
  }

  /** An input that takes seconds to evaluate on a fresh instance. */
  private static JsonObject slowInput() throws Exception {
    JsonObject input = example("uc6-building-booking.json");
    for (int i = 0; i < 3000; i++) {
      input.getJsonArray("subjects").add("subject:" + i);
    }
    return input;
  }

  @Test
  void decide_onEventLoop_isDecidedOnThatThreadBeforeItReturns() throws Exception {
    Context loop = vertx.getOrCreateContext();
    JsonObject input = example("uc5-fire-doors.json");
    Future<Decision> decided = on(loop, () -> engine.decide(input));
    assertTrue(decided.isComplete(), "no hop: the future is complete when decide returns");
    assertTrue(decided.result().allowed());
  }

  @Test
  void decide_detachedEngineAskedOnEventLoop_isDecidedOffTheLoopAndCompletesOnIt() throws Exception {
    WasmPolicyEngine detached = WasmPolicyEngine.createDetached(vertx, Duration.ofSeconds(5));
    try {
      await(detached.load(bundle));
      Context loop = vertx.getOrCreateContext();
      JsonObject input = example("uc6-elevator-ads.json");
      Promise<Context> completedOn = Promise.promise();

      Future<Decision> decided = on(loop, () -> detached.decide(input)
          .onComplete(done -> completedOn.complete(Vertx.currentContext())));

      assertSame(loop, await(completedOn.future()));
      assertEquals(codes(await(on(loop, () -> engine.decide(input)))), codes(await(decided)));
    } finally {
      detached.close();
    }
  }

  @Test
  void decide_onWorkerContext_completesOnThatContext() throws Exception {
    JsonObject input = example("uc5-fire-doors.json");
    Context worker = vertx.executeBlocking(Vertx::currentContext).toCompletionStage().toCompletableFuture().get();
    Promise<Context> completedOn = Promise.promise();
    worker.runOnContext(ignored -> engine.decide(input).onComplete(done -> completedOn.complete(Vertx.currentContext())));
    assertSame(worker, await(completedOn.future()));
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
  void decide_manyCallersOnLoopsAndElsewhere_eachDecidedOnItsOwnInstance() throws Exception {
    List<Future<Decision>> decisions = new ArrayList<>();
    List<Context> loops = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext());
    for (int i = 0; i < 300; i++) {
      JsonObject input = example(i % 2 == 0 ? "uc5-fire-doors.json" : "uc6-employer-health.json");
      if (i % 3 == 0) {
        decisions.add(engine.decide(input));
      } else {
        Promise<Decision> onLoop = Promise.promise();
        loops.get(i % 3 - 1).runOnContext(ignored -> engine.decide(input).onComplete(onLoop));
        decisions.add(onLoop.future());
      }
    }
    await(Future.all(decisions));
    for (int i = 0; i < decisions.size(); i++) {
      assertEquals(i % 2 == 0, decisions.get(i).result().allowed(), "decision " + i);
    }
  }

  @Test
  void decide_overrunOnEventLoop_undecidedInterruptClearedAndLoopKeepsDeciding() throws Exception {
    WasmPolicyEngine impatient = await(WasmPolicyEngine.create(vertx, Duration.ofMillis(500)));
    try {
      await(impatient.load(bundle));
      Context loop = vertx.getOrCreateContext();
      JsonObject slow = slowInput();
      JsonObject normal = example("uc5-fire-doors.json");
      List<Object> seen = on(loop, () -> List.<Object>of(impatient.decide(slow).result(), Thread.currentThread().isInterrupted()));
      Decision.Undecided undecided = assertInstanceOf(Decision.Undecided.class, seen.get(0));
      assertTrue(undecided.why().contains("timed out after 500 ms"), undecided.why());
      assertEquals(false, seen.get(1), "the watchdog's interrupt does not outlive the evaluation");
      // meanwhile the loop's decisions go to the worker; then the replacement instance decides on the loop
      assertTrue(await(on(loop, () -> impatient.decide(normal))).allowed());
      assertTrue(eventually(() -> on(loop, () -> impatient.decide(normal).isComplete()), Duration.ofSeconds(60)));
      assertTrue(on(loop, () -> impatient.decide(normal).result().allowed()));
    } finally {
      impatient.close();
    }
  }

  @Test
  void decide_overrunOnWorker_undecidedAndWorkerKeepsDeciding() throws Exception {
    WasmPolicyEngine impatient = await(WasmPolicyEngine.create(vertx, Duration.ofMillis(500)));
    try {
      await(impatient.load(bundle));
      assertInstanceOf(Decision.Undecided.class, await(impatient.decide(slowInput())));
      assertTrue(await(impatient.decide(example("uc5-fire-doors.json"))).allowed());
    } finally {
      impatient.close();
    }
  }

  @Test
  void load_whileLoopsDecide_noDecisionDroppedAndEveryLaterOneOnTheNewBundle() throws Exception {
    JsonObject data = new JsonObject(bundle.data());
    data.getJsonObject("twinguard").getJsonObject("config").getJsonObject("priorities").put("hvac", 45);
    Bundle r2 = new Bundle("r2", bundle.module(), data.encode());
    JsonObject hvac = example("uc5-hvac-doors.json");
    List<Context> loops = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext());
    List<Future<Decision>> before = new ArrayList<>();
    Future<String> load = null;
    for (int i = 0; i < 200; i++) {
      if (i == 100) {
        load = engine.load(r2);
      }
      Promise<Decision> onLoop = Promise.promise();
      loops.get(i % 2).runOnContext(ignored -> engine.decide(hvac).onComplete(onLoop));
      before.add(onLoop.future());
    }
    assertEquals("r2", await(load));
    await(Future.join(before));
    for (Future<Decision> decided : before) {
      Decision.Allow allow = assertInstanceOf(Decision.Allow.class, decided.result(), "no decision is dropped");
      assertEquals(allow.revision().equals("r2") ? 45 : 40, allow.priority());
    }
    for (Context loop : loops) {
      Decision.Allow after = assertInstanceOf(Decision.Allow.class, on(loop, () -> engine.decide(hvac).result()));
      assertEquals("r2", after.revision());
      assertEquals(45, after.priority());
    }
    assertEquals("r2", await(engine.decide(hvac)).revision());
  }

  @Test
  void load_bundleWithoutWasm_failsAndKeepsPreviousBundle() throws Exception {
    String before = engine.revision();
    Future<String> load = engine.load(new Bundle("rego-only", null, "{}"));
    assertFalse(load.toCompletionStage().toCompletableFuture().handle((r, e) -> e == null).get());
    assertEquals(before, engine.revision());
    assertTrue(await(engine.decide(example("uc5-fire-doors.json"))).allowed());
  }

  @Test
  void decide_beforeAnyBundle_undecided() throws Exception {
    WasmPolicyEngine empty = await(WasmPolicyEngine.create(vertx, Duration.ofSeconds(1)));
    try {
      Decision decision = await(empty.decide(example("uc5-fire-doors.json")));
      assertEquals("none", assertInstanceOf(Decision.Undecided.class, decision).revision());
      assertNotSame(Decision.Allow.class, decision.getClass());
    } finally {
      empty.close();
    }
  }
}
