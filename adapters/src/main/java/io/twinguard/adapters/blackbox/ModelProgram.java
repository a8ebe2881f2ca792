package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.BlockRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a black-box adapter runs per call: a command inside the sandbox, the read-only host paths it
 * needs, its operations and its limits.
 *
 * @param artefact the stored artefact whose digest binds every answer
 * @param binds the host paths the sandbox shows read-only (the artefact among them)
 * @param env environment variables the program gets
 * @param command the command line inside the sandbox, before an operation's arguments
 * @param operations the operations served
 * @param limits the limits of each run
 * @param maxConcurrent the most runs at once; more calls are refused, not queued
 */
public record ModelProgram(
    StoredArtefact artefact,
    List<Sandbox.Bind> binds,
    Map<String, String> env,
    List<String> command,
    List<ModelOperation> operations,
    Limits limits,
    int maxConcurrent) {

  public ModelProgram {
    Objects.requireNonNull(artefact, "artefact");
    binds = List.copyOf(binds);
    env = Map.copyOf(env);
    command = List.copyOf(command);
    operations = List.copyOf(operations);
    Objects.requireNonNull(limits, "limits");
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
  }

  public ArtefactDigest digest() {
    return artefact.digest();
  }

  /** The operation, or {@code null}. */
  public ModelOperation operation(BlockRef block, String operation) {
    return operations.stream()
        .filter(op -> op.block().equals(block) && op.operation().equals(operation))
        .findFirst().orElse(null);
  }
}
