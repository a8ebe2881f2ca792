package io.twinguard.examples.report;

import io.vertx.core.json.JsonObject;

/**
 * One audit record of a use case, as the log holds it, with its inclusion proof.
 *
 * @param index the record's leaf index
 * @param record the record (its JSON)
 * @param proof the RFC 9162 inclusion proof against the report's checkpoint, in the form of
 *     {@code twinguard audit proof --json} plus {@code log_key}
 * @param proofHolds whether the proof leads from the leaf to the checkpoint's signed root
 */
public record Evidence(long index, JsonObject record, JsonObject proof, boolean proofHolds) {
  public Evidence {
    record = record.copy();
    proof = proof.copy();
  }

  public String kind() {
    return record.getString("kind", "");
  }
}
