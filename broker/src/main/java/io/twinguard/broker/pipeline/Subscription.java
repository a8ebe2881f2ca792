package io.twinguard.broker.pipeline;

import io.twinguard.broker.call.Admitted;
import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Decided;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Opened;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Verified;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A subscription to a gateway block's events that the policies allowed: who subscribed to which
 * block, for which purpose. Each event is decided, redacted and recorded on its own ({@link
 * EventFlow#event}), as a call of the subscription's caller would be.
 *
 * @param opened the subscription's own decision, with the target's open event stream
 */
public record Subscription(Opened opened) {

  /** The operation a subscription to a gateway block's events is checked as. */
  public static final String EVENTS = "events";

  public Subscription {
    Objects.requireNonNull(opened, "opened");
  }

  private Decided decided() {
    return opened.decided();
  }

  /** The target's event stream. */
  public EventStream stream() {
    return opened.stream();
  }

  /** The decision id of the subscription itself. */
  public String decisionId() {
    return decided().ingress().decisionId();
  }

  public Twin target() {
    return decided().resolved().target();
  }

  public Twin caller() {
    return decided().resolved().caller().twin();
  }

  public String purpose() {
    return decided().resolved().admitted().purpose();
  }

  /**
   * One event as a call of its own, ready to be decided: the subscription's caller, target and
   * purpose, the event's data subjects, and a decision id of its own.
   */
  Verified event(List<String> subjects, Instant now) {
    Resolved subscribed = decided().resolved();
    Ingress first = subscribed.ingress();
    Ingress ingress = new Ingress(UUID.randomUUID().toString(), now, first.method(), first.targetUri(),
        first.headers(), Buffer.buffer(), first.peerChain(), first.twin(), first.kind(), first.block(),
        first.operation(), null);
    Admitted admitted = new Admitted(new Authenticated(ingress, subscribed.catalog(), subscribed.caller()),
        subscribed.admitted().purpose(), subjects);
    return new Verified(new Resolved(admitted, subscribed.target(), subscribed.block(), subscribed.operation()), false);
  }

  /** The data subjects of the subscription itself, for events that name none. */
  List<String> subjects() {
    return decided().resolved().admitted().subjects();
  }
}
