package io.twinguard.broker.refusal;

import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An uploaded policy bundle was refused (unreadable, not verifying, no Wasm module, its own Rego
 * tests failed or could not run); the active policies stay. {@code failures}: the failing tests,
 * each {@code {test, file, line}} (and {@code error}), empty when refused before its tests ran.
 */
public record BundleRefused(String detail, List<JsonObject> failures) implements Refusal {
  public BundleRefused {
    failures = failures.stream().map(JsonObject::copy).toList();
  }

  @Override
  public Problem problem() {
    return new Problem(ProblemType.BUNDLE_REFUSED, detail, Map.of("failures", new JsonArray(failures).copy()));
  }
}
