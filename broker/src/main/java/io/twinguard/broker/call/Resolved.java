package io.twinguard.broker.call;

import io.twinguard.broker.registry.Block;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Twin;
import java.util.Objects;

/**
 * The target twin, its block and the operation are registered.
 *
 * @param admitted the stage before
 * @param target the target twin
 * @param block the block called
 * @param operation the operation called
 */
public record Resolved(Admitted admitted, Twin target, Block block, Operation operation) implements Stage {
  public Resolved {
    Objects.requireNonNull(admitted, "admitted");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(operation, "operation");
  }

  @Override
  public Ingress ingress() {
    return admitted.ingress();
  }

  public Caller caller() {
    return admitted.caller();
  }

  public Catalog catalog() {
    return admitted.authenticated().catalog();
  }

  @Override
  public void describe(RecordDraft draft) {
    admitted.describe(draft);
    draft.target(target.id()).block(block.kind().wireName(), block.name()).operation(operation.name())
        .dataCategories(block.dataCategories());
  }
}
