package io.twinguard.adapters;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One call of a block operation, as the broker hands it to the target twin's adapter after the
 * call was authenticated, decided, arbitrated and recorded. An adapter is only ever given allowed
 * calls; it still treats the payload as untrusted input.
 *
 * @param targetTwinId the target twin's SPIFFE ID
 * @param block the target block
 * @param operation the operation name, as in the call URL
 * @param payload the request payload, JSON as UTF-8 bytes (empty for event subscriptions); copied in
 *     and out
 * @param callerId the caller's SPIFFE ID
 * @param purpose the caller's DPV purpose
 * @param subjects the pseudonymous data subjects the call is about
 * @param decisionId the id of the broker's decision that allowed the call
 */
public record BlockCall(
    String targetTwinId,
    BlockRef block,
    String operation,
    byte[] payload,
    String callerId,
    String purpose,
    List<String> subjects,
    String decisionId) {

  /** @throws NullPointerException when a field is missing */
  public BlockCall {
    Objects.requireNonNull(targetTwinId, "targetTwinId");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(operation, "operation");
    payload = Objects.requireNonNull(payload, "payload").clone();
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(purpose, "purpose");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(decisionId, "decisionId");
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** This call with another operation and payload: for tests and for adapters that fan out. */
  public BlockCall with(String otherOperation, byte[] otherPayload) {
    return new BlockCall(targetTwinId, block, otherOperation, otherPayload, callerId, purpose, subjects, decisionId);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlockCall call
        && targetTwinId.equals(call.targetTwinId) && block.equals(call.block) && operation.equals(call.operation)
        && Arrays.equals(payload, call.payload) && callerId.equals(call.callerId)
        && purpose.equals(call.purpose) && subjects.equals(call.subjects) && decisionId.equals(call.decisionId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetTwinId, block, operation, Arrays.hashCode(payload), callerId, purpose, subjects, decisionId);
  }

  @Override
  public String toString() {
    return "BlockCall[" + targetTwinId + " " + block + " " + operation + ", " + payload.length + " bytes, decision " + decisionId + "]";
  }
}
