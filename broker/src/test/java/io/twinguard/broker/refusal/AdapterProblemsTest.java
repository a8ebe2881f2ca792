package io.twinguard.broker.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.AdapterFailure;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterProblemsTest {

  @Test
  void types_everyAdapterFailure_hasItsProblemType() {
    List<String> missing = new ArrayList<>();
    for (Class<?> failure : AdapterFailure.class.getPermittedSubclasses()) {
      if (!AdapterProblems.TYPES.containsKey(failure)) {
        missing.add(failure.getSimpleName());
      }
    }

    assertEquals(List.of(), missing);
  }

  @Test
  void problem_ofEachKindOfFailure_isWhatTheCallerCanActOnWithTheReason() {
    assertProblem(new AdapterFailure.UnknownOperation(new BlockRef(BlockKind.DATA, "arrivals"), "x"),
        ProblemType.UNKNOWN_TWIN, 404, "unknown-operation");
    assertProblem(new AdapterFailure.InvalidCall("no /stop"), ProblemType.SCHEMA_VIOLATION, 422, "invalid-call");
    assertProblem(new AdapterFailure.Hung(5000), ProblemType.TARGET_UNAVAILABLE, 502, "black-box-hung");
    assertProblem(new AdapterFailure.NetworkAttempt(), ProblemType.TARGET_UNAVAILABLE, 502, "black-box-network-attempt");
    assertProblem(new AdapterFailure.Unreachable("refused"), ProblemType.TARGET_UNAVAILABLE, 502, "legacy-unreachable");
    assertProblem(new AdapterFailure.Overloaded(2), ProblemType.ADAPTER_UNAVAILABLE, 503, "adapter-overloaded");
    assertProblem(new AdapterFailure.Closed(), ProblemType.ADAPTER_UNAVAILABLE, 503, "adapter-closed");
    assertProblem(new AdapterFailure.SubscriberTooSlow(256), ProblemType.SUBSCRIBER_TOO_SLOW, 503, "subscriber-too-slow");
  }

  @Test
  void problem_invalidOutput_namesWhereTheSchemaFailedNeverTheValues() {
    JsonObject json = new AdapterFailed(new AdapterFailure.InvalidOutput(List.of("/predicted_c: type")))
        .problem().toJson("dec-1");

    assertTrue(json.getString("detail").contains("/predicted_c: type"), json.encode());
    assertEquals("black-box-invalid-output", json.getString("reason"));
  }

  private static void assertProblem(AdapterFailure failure, ProblemType type, int status, String reason) {
    Problem problem = new AdapterFailed(failure).problem();
    JsonObject json = problem.toJson("dec-1");

    assertEquals(type.type().toString(), json.getString("type"), failure.toString());
    assertEquals(status, json.getInteger("status"));
    assertEquals(reason, json.getString("reason"));
    assertEquals(failure.detail(), json.getString("detail"));
  }
}
