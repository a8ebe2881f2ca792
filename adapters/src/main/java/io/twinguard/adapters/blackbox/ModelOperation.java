package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.BlockRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One block operation a model serves.
 *
 * @param block the broker block
 * @param operation the broker operation
 * @param args the arguments added to the model's command line for this operation
 * @param input the schema the payload must satisfy before the model runs, if the adapter checks one
 * @param output the schema the model's output must satisfy before anything of it is released
 */
public record ModelOperation(BlockRef block, String operation, List<String> args, Optional<OutputSchema> input, OutputSchema output) {
  public ModelOperation {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(operation, "operation");
    args = List.copyOf(args);
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }
}
