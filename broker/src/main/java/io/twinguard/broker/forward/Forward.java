package io.twinguard.broker.forward;

import io.twinguard.broker.call.Forwarded;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Forwards an allowed, leased call to its target twin, at its endpoint or through its adapter (the
 * one of the call's registry snapshot). A command that does not take effect (the
 * target unreachable, or answering with an error) gives up its actuator leases at once, so that it
 * blocks nobody; one that took effect keeps them for their term.
 */
public final class Forward implements Step<Leased, Forwarded> {

  private final Targets targets;
  private final Consumer<Leased> noEffect;

  /** @param noEffect releases the leases of a command that did not take effect */
  public Forward(Targets targets, Consumer<Leased> noEffect) {
    this.targets = targets;
    this.noEffect = noEffect;
  }

  @Override
  public Future<Forwarded> apply(Leased leased) {
    Resolved call = leased.resolved();
    Buffer payload = leased.ingress().body().length() == 0 ? Buffer.buffer("{}") : leased.ingress().body();
    return targets.call(new TargetCall(call.target(), call.block(), call.operation().name(), payload,
            call.caller().id(), call.admitted().purpose(), call.admitted().subjects(), leased.ingress().decisionId(),
            call.catalog().adapter(call.target().name())))
        .onFailure(failure -> noEffect.accept(leased))
        .onSuccess(upstream -> {
          if (upstream.status() >= 400) {
            noEffect.accept(leased);
          }
        })
        .map(upstream -> new Forwarded(leased, upstream));
  }
}
