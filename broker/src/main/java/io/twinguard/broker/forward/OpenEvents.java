package io.twinguard.broker.forward;

import io.twinguard.broker.call.Decided;
import io.twinguard.broker.call.Opened;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.registry.BlockKind;
import io.vertx.core.Future;

/** Opens an allowed subscription's event stream at the target twin. */
public final class OpenEvents implements Step<Decided, Opened> {

  private final Forwarder forwarder;

  public OpenEvents(Forwarder forwarder) {
    this.forwarder = forwarder;
  }

  @Override
  public Future<Opened> apply(Decided decided) {
    Resolved call = decided.resolved();
    String path = "/" + BlockKind.GATEWAY.wireName() + "/" + call.block().name() + "/" + call.operation().name();
    return forwarder.events(call.target(), path, call.caller().id(), call.admitted().purpose(),
            decided.ingress().decisionId())
        .map(stream -> new Opened(decided, stream));
  }
}
