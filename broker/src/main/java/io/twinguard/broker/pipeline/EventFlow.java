package io.twinguard.broker.pipeline;

import io.twinguard.broker.admission.Subjects;
import io.twinguard.broker.answer.Answer;
import io.twinguard.broker.call.Concluded;
import io.twinguard.broker.call.Forwarded;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.call.Opened;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Released;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.call.StreamEnded;
import io.twinguard.broker.call.Verified;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.refusal.Denied;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.twinguard.common.twin.BlockKind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Subscriptions to a gateway block's events and each event they deliver, through the same steps
 * as calls. A subscription is authenticated, admitted, resolved (a gateway block declaring the
 * {@code events} operation), decided and recorded; each event is then decided for the subscriber
 * (its own {@code subjects} if it names any), redacted as decided, and recorded before delivery.
 */
public final class EventFlow {

  /**
   * How a subscription request ended: allowed (the subscription to relay), or refused (the signed
   * problem to answer with). Both are recorded already.
   */
  public record Subscribed(Optional<Subscription> subscription, Answer refusal) {
    public Subscribed {
      if (subscription.isPresent() == (refusal != null)) {
        throw new IllegalArgumentException("a subscription or a refusal, not both");
      }
    }
  }

  private static final Step<Resolved, Resolved> HAS_EVENTS = resolved ->
      resolved.block().kind() == BlockKind.GATEWAY && Subscription.EVENTS.equals(resolved.operation().name())
          ? Future.succeededFuture(resolved)
          : new Refusal.UnknownTarget("only gateway blocks declaring an '" + Subscription.EVENTS
              + "' operation have events").fail();

  private final Steps steps;
  private final BrokerMetrics metrics;
  private final Clock clock;

  public EventFlow(Steps steps, BrokerMetrics metrics, Clock clock) {
    this.steps = steps;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Decides and records a subscription; the future always succeeds. */
  public Future<Subscribed> subscribe(Ingress ingress) {
    Trace trace = new Trace(ingress, metrics);
    return trace.stage("authenticate", steps.authenticate(), ingress)
        .compose(authenticated -> trace.stage("admit", steps.admit(), authenticated))
        .compose(admitted -> trace.stage("resolve", steps.resolve(), admitted))
        .compose(resolved -> trace.stage("resolve", HAS_EVENTS, resolved))
        .compose(resolved -> trace.stage("decide", steps.decide(), new Verified(resolved, false)))
        .compose(decided -> trace.stage("gate", steps.gate()::apply, decided))
        .compose(decided -> trace.stage("forward", steps.openEvents(), decided))
        .<Outcome>map(opened -> new Outcome.Released(ingress.decisionId(), 200,
            MultiMap.caseInsensitiveMultiMap(), Buffer.buffer()))
        .recover(failure -> Future.succeededFuture(
            new Outcome.Refused(ingress.decisionId(), Refusals.of(failure, ingress.decisionId()))))
        .compose(outcome -> trace.time("record", steps.record(), new Concluded(trace.latest(), outcome)))
        .onSuccess(trace::count)
        .map(outcome -> {
          if (outcome instanceof Outcome.Released) {
            return new Subscribed(Optional.of(new Subscription((Opened) trace.latest())), null);
          }
          if (trace.latest() instanceof Opened opened) {
            opened.stream().close();
          }
          return new Subscribed(Optional.empty(), steps.sign().sign(outcome));
        });
  }

  /**
   * Decides one event for a subscriber and records it; the future always succeeds. An event that
   * names data subjects of its own is decided for them and withheld when denied; one that names none
   * is decided for the subscription's subjects, exactly as the subscription would be decided now,
   * so its denial revokes the subscription. Every event is decided against the policies, the mode
   * and the consents in force when it arrives, which is how a new bundle, an emergency or a
   * withdrawn consent reaches an open stream from its next event.
   */
  public Future<EventVerdict> event(Subscription subscription, Buffer event) {
    Optional<JsonArray> named = named(event);
    Optional<List<String>> subjects = named.isPresent() ? valid(named.get()) : Optional.of(subscription.subjects());
    Verified verified = subscription.event(subjects.orElse(List.of()), clock.instant());
    String decisionId = verified.ingress().decisionId();
    Trace trace = new Trace(verified, metrics);
    Future<Verified> admitted = subjects.isPresent()
        ? Future.succeededFuture(verified)
        : new Refusal.BadRequest("the event names malformed data subjects, or more than " + Subjects.MAX).fail();
    return admitted
        .compose(ok -> trace.stage("decide", steps.decide(), verified))
        .map(decided -> new Forwarded(new Leased(decided, List.of()),
            new Upstream(200, "application/json", event, subscription.stream().artefact())))
        .compose(forwarded -> trace.stage("release", steps.release(), forwarded))
        .<Outcome>map(Released::outcome)
        .recover(failure -> Future.succeededFuture(new Outcome.Refused(decisionId, Refusals.of(failure, decisionId))))
        .compose(outcome -> trace.time("record", steps.record(), new Concluded(trace.latest(), outcome)))
        .onSuccess(trace::count)
        .map(outcome -> verdict(outcome, named.isEmpty()));
  }

  /**
   * Records that a subscription's stream broke off ({@code why}: its source went away, its subscriber
   * fell behind), as a refusal of its own decision id; the future holds the problem to tell the
   * subscriber, its {@code instance} that id, and always succeeds.
   */
  public Future<JsonObject> ended(Subscription subscription, Refusal why) {
    StreamEnded ended = new StreamEnded(subscription.event(subscription.subjects(), clock.instant()),
        subscription.stream().artefact());
    String decisionId = ended.ingress().decisionId();
    Outcome.Refused outcome = new Outcome.Refused(decisionId, why);
    Trace trace = new Trace(ended, metrics);
    return trace.time("record", steps.record(), new Concluded(ended, outcome))
        .onSuccess(trace::count)
        .map(recorded -> why.problem().toJson(decisionId))
        .otherwise(failure -> why.problem().toJson(decisionId));
  }

  private static EventVerdict verdict(Outcome outcome, boolean asTheSubscription) {
    if (outcome instanceof Outcome.Released released) {
      return new EventVerdict.Deliver(released.body());
    }
    Refusal refusal = ((Outcome.Refused) outcome).refusal();
    return asTheSubscription && refusal instanceof Denied
        ? new EventVerdict.Revoke(refusal.problem().toJson(outcome.decisionId()))
        : new EventVerdict.Withhold();
  }

  /** The event's own {@code subjects} array; empty when it names none (or is not a JSON object). */
  private static Optional<JsonArray> named(Buffer event) {
    try {
      return Optional.ofNullable(new JsonObject(event).getJsonArray("subjects"));
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /**
   * The subjects {@code named}, without duplicates; empty when any is malformed or there are too
   * many, so that no event goes out decided for only some of its subjects.
   */
  private static Optional<List<String>> valid(JsonArray named) {
    List<String> subjects = new ArrayList<>();
    for (Object subject : named) {
      if (!(subject instanceof String s) || !Subjects.isValid(s)) {
        return Optional.empty();
      }
      if (!subjects.contains(s)) {
        subjects.add(s);
      }
    }
    return subjects.size() > Subjects.MAX ? Optional.empty() : Optional.of(subjects);
  }
}
