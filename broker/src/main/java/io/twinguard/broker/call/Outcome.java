package io.twinguard.broker.call;

import io.twinguard.common.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** How a call ends: the target's answer released to the caller, or a refusal. */
public sealed interface Outcome {

  String decisionId();

  /** The target's answer, after obligations, as the caller receives it (signed by the broker). */
  record Released(String decisionId, int status, MultiMap headers, Buffer body) implements Outcome {}

  /** A refusal, answered with an RFC 9457 problem. */
  record Refused(String decisionId, Problem problem) implements Outcome {}
}
