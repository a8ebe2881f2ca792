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
import io.twinguard.broker.call.Verified;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.metrics.BrokerMetrics;
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
            opened.stream().close().run();
          }
          return new Subscribed(Optional.empty(), steps.sign().sign(outcome));
        });
  }

  /**
   * Decides one event for a subscriber. The future holds the event to deliver, redacted as
   * decided, or empty when it is withheld (denied, undecidable, or not recorded); it always
   * succeeds.
   */
  public Future<Optional<Buffer>> event(Subscription subscription, Buffer event) {
    Optional<List<String>> subjects = subjects(event, subscription.subjects());
    Verified verified = subscription.event(subjects.orElse(List.of()), clock.instant());
    String decisionId = verified.ingress().decisionId();
    Trace trace = new Trace(verified, metrics);
    Future<Verified> admitted = subjects.isPresent()
        ? Future.succeededFuture(verified)
        : new Refusal.BadRequest("the event names malformed data subjects, or more than " + Subjects.MAX).fail();
    return admitted
        .compose(ok -> trace.stage("decide", steps.decide(), verified))
        .map(decided -> new Forwarded(new Leased(decided, List.of()), new Upstream(200, "application/json", event)))
        .compose(forwarded -> trace.stage("release", steps.release(), forwarded))
        .<Outcome>map(Released::outcome)
        .recover(failure -> Future.succeededFuture(new Outcome.Refused(decisionId, Refusals.of(failure, decisionId))))
        .compose(outcome -> trace.time("record", steps.record(), new Concluded(trace.latest(), outcome)))
        .onSuccess(trace::count)
        .map(outcome -> outcome instanceof Outcome.Released released
            ? Optional.of(released.body())
            : Optional.<Buffer>empty());
  }

  /**
   * The event's own {@code subjects}, or {@code fallback} when it names none; empty when it names
   * any malformed one or too many, so that no event goes out decided for only some of its subjects.
   */
  private static Optional<List<String>> subjects(Buffer event, List<String> fallback) {
    JsonArray named;
    try {
      named = new JsonObject(event).getJsonArray("subjects");
    } catch (DecodeException | ClassCastException e) {
      return Optional.of(fallback);
    }
    if (named == null) {
      return Optional.of(fallback);
    }
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
