package io.twinguard.broker.forward;

import io.twinguard.adapters.Adapter;
import io.twinguard.broker.registry.Block;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An allowed call as its target receives it.
 *
 * @param target the target twin
 * @param block the block called
 * @param operation the operation called
 * @param payload the JSON payload
 * @param callerId the caller's SPIFFE ID
 * @param purpose the DPV purpose
 * @param subjects the data subjects' pseudonymous ids
 * @param decisionId the decision that allowed the call
 * @param adapter the running adapter of a target reached through one, from the call's registry
 *     snapshot; empty for a target reached at its endpoint (or whose adapter does not run)
 */
public record TargetCall(Twin target, Block block, String operation, Buffer payload, String callerId, String purpose,
    List<String> subjects, String decisionId, Optional<Adapter> adapter) {
  public TargetCall {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(operation, "operation");
    payload = payload.copy();
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(purpose, "purpose");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(adapter, "adapter");
  }

  @Override
  public Buffer payload() {
    return payload.copy();
  }

  /** The path under the target's endpoint: {@code /kind/block/operation}. */
  public String path() {
    return "/" + block.kind().wireName() + "/" + block.name() + "/" + operation;
  }
}
