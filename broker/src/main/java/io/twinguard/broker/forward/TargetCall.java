package io.twinguard.broker.forward;

import io.twinguard.broker.registry.Twin;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * An allowed call as its target receives it.
 *
 * @param target the target twin
 * @param path the path under the target's endpoint: {@code /kind/block/operation}
 * @param payload the JSON payload
 * @param callerId the caller's SPIFFE ID
 * @param purpose the DPV purpose
 * @param subjects the data subjects' pseudonymous ids
 * @param decisionId the decision that allowed the call
 */
public record TargetCall(Twin target, String path, Buffer payload, String callerId, String purpose,
    List<String> subjects, String decisionId) {
  public TargetCall {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    payload = payload.copy();
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(purpose, "purpose");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(decisionId, "decisionId");
  }

  @Override
  public Buffer payload() {
    return payload.copy();
  }
}
