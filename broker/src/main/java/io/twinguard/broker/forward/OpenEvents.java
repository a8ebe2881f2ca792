package io.twinguard.broker.forward;

import io.twinguard.broker.call.Decided;
import io.twinguard.broker.call.Opened;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Opens an allowed subscription's event stream at the target twin or through its adapter. */
public final class OpenEvents implements Step<Decided, Opened> {

  private final Targets targets;

  public OpenEvents(Targets targets) {
    this.targets = targets;
  }

  @Override
  public Future<Opened> apply(Decided decided) {
    Resolved call = decided.resolved();
    return targets.events(new TargetCall(call.target(), call.block(), call.operation().name(), Buffer.buffer(),
            call.caller().id(), call.admitted().purpose(), call.admitted().subjects(), decided.ingress().decisionId(),
            call.catalog().adapter(call.target().name())))
        .map(stream -> new Opened(decided, stream));
  }
}
