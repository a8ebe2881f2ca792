package io.twinguard.broker.registry;

import io.twinguard.broker.call.Admitted;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.common.twin.BlockKind;
import io.vertx.core.Future;
import java.util.Optional;

/** Resolves the call's target twin, block and operation in the call's registry snapshot. */
public final class Resolve implements Step<Admitted, Resolved> {

  @Override
  public Future<Resolved> apply(Admitted admitted) {
    Ingress in = admitted.ingress();
    Optional<Twin> target = admitted.authenticated().catalog().registry().twin(in.twin());
    if (target.isEmpty()) {
      return new Refusal.UnknownTarget("no twin named '" + in.twin() + "'").fail();
    }
    BlockKind kind;
    try {
      kind = BlockKind.parse(in.kind());
    } catch (IllegalArgumentException e) {
      return new Refusal.UnknownTarget("block kind " + e.getMessage()).fail();
    }
    Optional<Block> block = target.get().block(kind, in.block());
    if (block.isEmpty()) {
      return new Refusal.UnknownTarget(in.twin() + " has no " + kind.wireName() + " block '" + in.block() + "'").fail();
    }
    Optional<Operation> operation = block.get().operation(in.operation());
    if (operation.isEmpty()) {
      return new Refusal.UnknownTarget(in.twin() + "/" + kind.wireName() + "/" + in.block()
          + " has no operation '" + in.operation() + "'").fail();
    }
    return Future.succeededFuture(new Resolved(admitted, target.get(), block.get(), operation.get()));
  }
}
