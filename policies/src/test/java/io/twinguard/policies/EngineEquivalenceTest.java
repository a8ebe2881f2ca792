package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process Wasm engine and a real OPA server decide generated inputs identically. */
class EngineEquivalenceTest {

  private static final int INPUTS = 600;
  private static final long SEED = 20261124L;

  @Test
  void decide_generatedInputs_sameDecisionFromWasmAndOpaServer(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (OpaServer opa = OpaServer.start(dir.resolve("opa.log"), "--bundle", OpaServer.buildBundle().toString())) {
      InProcessPolicyEngine wasm = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
          Duration.ofSeconds(10)));
      // the in-process engine is asked the way the broker asks it: from an event loop
      Context loop = vertx.getOrCreateContext();
      PolicyEngine remote = RemotePolicyEngines.opaServer(vertx, opa.uri(), Duration.ofSeconds(10));
      InputGenerator generator = new InputGenerator(SEED);
      List<String> differences = new ArrayList<>();
      Set<String> outcomes = new HashSet<>();
      for (int i = 0; i < INPUTS; i++) {
        JsonObject input = generator.next();
        Promise<Decision> onLoop = Promise.promise();
        loop.runOnContext(ignored -> wasm.decide(input).onComplete(onLoop));
        Decision inProcess = await(onLoop.future());
        Decision server = await(remote.decide(input));
        if (!inProcess.equals(server)) {
          differences.add("input " + i + ": " + input.encode() + "\n  wasm: " + inProcess + "\n  opa:  " + server);
        }
        outcomes.addAll(outcomes(inProcess));
      }
      wasm.close();
      remote.close();
      assertEquals(List.of(), differences.subList(0, Math.min(5, differences.size())),
          differences.size() + " of " + INPUTS + " decisions differ");
      for (String expected : List.of("allow", "privacy/consent_missing", "privacy/explicit_consent_required",
          "ethics/profiling_without_explicit_consent", "ethics/power_imbalance", "ip/proprietary_operation",
          "ip/licence_missing", "safety/unsigned_actuation", "safety/emergency_lockout", "input/invalid_input",
          "obligation/redact", "obligation/notify_subject", "obligation/request_consent", "priority/100",
          "priority/40", "priority/10")) {
        assertTrue(outcomes.contains(expected), "the generated inputs reach " + expected + ": " + outcomes);
      }
    } finally {
      await(vertx.close());
    }
  }

  private static Set<String> outcomes(Decision decision) {
    Set<String> seen = new HashSet<>();
    if (decision instanceof Decision.Allow allow) {
      seen.add("allow");
      seen.add("priority/" + allow.priority());
      allow.obligations().forEach(o -> seen.add("obligation/" + o.type()));
    } else if (decision instanceof Decision.Deny deny) {
      deny.reasons().forEach(r -> seen.add(r.policy() + "/" + r.code()));
      deny.obligations().forEach(o -> seen.add("obligation/" + o.type()));
    }
    return seen;
  }
}
