package io.twinguard.policies.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.styra.opa.wasm.OpaPolicy;
import io.twinguard.policies.Decision;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Runs one evaluation on a lane's instance, on the lane's thread, under the watchdog, and turns
 * whatever happens into a {@link Decision}: a valid result decides; an error, an undefined or
 * malformed result, or an overrun is {@link Decision.Undecided}. Never throws.
 */
final class Evaluator {

  /** What happened to the instance: whether it may be used again. */
  enum Health {
    USABLE,
    /** Stopped mid-evaluation: its memory may be half-written, so it is replaced. */
    INTERRUPTED
  }

  /** A decision and the health of the instance that made it. */
  record Outcome(Decision decision, Health health) {}

  private final Duration timeout;

  Evaluator(Duration timeout) {
    this.timeout = timeout;
  }

  Outcome evaluate(Lane lane, OpaPolicy policy, String input, String revision) {
    String output = null;
    Throwable failure = null;
    long stamp = lane.begin();
    try {
      output = policy.evaluate(input);
    } catch (RuntimeException | StackOverflowError e) {
      failure = e;
    }
    boolean overran = lane.end(stamp);
    if (failure instanceof ChicoryInterruptedException) {
      // an interrupt that was not the watchdog's would otherwise stop every later evaluation here
      Thread.interrupted();
      String why = overran
          ? "policy evaluation timed out after " + timeout.toMillis() + " ms"
          : "policy evaluation was interrupted";
      return new Outcome(new Decision.Undecided(why, revision), Health.INTERRUPTED);
    }
    if (failure != null) {
      // an error while the watchdog stopped it may still have left the instance half-way
      return new Outcome(new Decision.Undecided(
          "policy evaluation failed: " + failure.getClass().getSimpleName(), revision),
          overran ? Health.INTERRUPTED : Health.USABLE);
    }
    return new Outcome(decision(output, revision), Health.USABLE);
  }

  private static Decision decision(String output, String revision) {
    try {
      JsonArray results = new JsonArray(output);
      if (results.isEmpty()) {
        return new Decision.Undecided("the decision is undefined", revision);
      }
      return Decision.fromResult(results.getJsonObject(0).getJsonObject("result"), revision);
    } catch (RuntimeException e) {
      return new Decision.Undecided("the policy returned no valid decision", revision);
    }
  }
}
