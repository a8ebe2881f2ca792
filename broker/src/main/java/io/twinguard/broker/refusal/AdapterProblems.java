package io.twinguard.broker.refusal;

import io.twinguard.adapters.AdapterFailure;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import java.util.Map;

/**
 * The one mapping from an adapter's failure to the problem the caller receives. The closed set of
 * {@link AdapterFailure} maps onto the broker's problem types by what the caller can do about it:
 * the adapter maps no such operation (404), the payload cannot be mapped (422), the legacy twin or
 * the model failed (502), the adapter cannot take calls now (503), the subscriber fell behind
 * (503). The failure's {@code reason} goes along as the extension member {@code reason}, so that a
 * caller (and an audit query on the problem type) can tell a hung model from an unreachable API.
 */
final class AdapterProblems {

  /** Every failure type and its problem type; a unit test checks that no failure type is missing. */
  static final Map<Class<? extends AdapterFailure>, ProblemType> TYPES = Map.ofEntries(
      Map.entry(AdapterFailure.UnknownOperation.class, ProblemType.UNKNOWN_TWIN),
      Map.entry(AdapterFailure.Unsupported.class, ProblemType.UNKNOWN_TWIN),
      Map.entry(AdapterFailure.InvalidCall.class, ProblemType.SCHEMA_VIOLATION),
      Map.entry(AdapterFailure.Unreachable.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.TimedOut.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.BadAnswer.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.Hung.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.Crashed.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.MemoryExceeded.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.OutputTooLarge.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.NetworkAttempt.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.InvalidOutput.class, ProblemType.TARGET_UNAVAILABLE),
      Map.entry(AdapterFailure.SandboxUnavailable.class, ProblemType.ADAPTER_UNAVAILABLE),
      Map.entry(AdapterFailure.Overloaded.class, ProblemType.ADAPTER_UNAVAILABLE),
      Map.entry(AdapterFailure.Closed.class, ProblemType.ADAPTER_UNAVAILABLE),
      Map.entry(AdapterFailure.SubscriberTooSlow.class, ProblemType.SUBSCRIBER_TOO_SLOW));

  private AdapterProblems() {}

  /** The problem of {@code failure}: its type's, its detail, and its reason as {@code reason}. */
  static Problem of(AdapterFailure failure) {
    // a failure type this map does not know yet is the target failing: fail closed, never forward
    ProblemType type = TYPES.getOrDefault(failure.getClass(), ProblemType.TARGET_UNAVAILABLE);
    return new Problem(type, failure.detail(), Map.of("reason", failure.reason()));
  }
}
