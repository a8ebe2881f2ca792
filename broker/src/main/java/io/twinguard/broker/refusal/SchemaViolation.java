package io.twinguard.broker.refusal;

import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;

/**
 * The payload or a declaration breaks its schema.
 *
 * @param violations every violation found, each naming where
 */
public record SchemaViolation(String detail, List<String> violations) implements Refusal {
  public SchemaViolation {
    violations = List.copyOf(violations);
  }

  @Override
  public Problem problem() {
    return violations.isEmpty()
        ? new Problem(ProblemType.SCHEMA_VIOLATION, detail)
        : new Problem(ProblemType.SCHEMA_VIOLATION, detail, Map.of("violations", new JsonArray(violations)));
  }
}
