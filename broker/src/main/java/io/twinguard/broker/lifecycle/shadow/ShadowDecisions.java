package io.twinguard.broker.lifecycle.shadow;

import io.twinguard.broker.lifecycle.DecisionDiff;
import io.twinguard.broker.lifecycle.store.ShadowStore;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shadow mode: every live decision's input is also given to a shadow revision's engine, which is
 * detached ({@link InProcessPolicyEngine#startDetached}): it decides on its own worker thread, never
 * on the call's event loop, and the call does not wait for it, so the shadow never delays or
 * changes an answer. When both have decided, a disagreement ({@link DecisionDiff}) is counted on
 * {@code /metrics} and stored in {@code policy.shadow_disagreement} in batches (at most {@link
 * #QUEUED} waiting; beyond that it is counted as {@code unrecorded}). When the shadow's worker queue
 * is full, the decision is skipped rather than delayed.
 */
public final class ShadowDecisions implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ShadowDecisions.class.getName());

  /** Most disagreements waiting to be stored. */
  static final int QUEUED = 10_000;

  /** Most disagreements stored in one statement. */
  static final int BATCH = 500;

  private final InProcessPolicyEngine shadow;
  private final BrokerMetrics metrics;
  private final SqlClient client;
  private final ShadowStore store = new ShadowStore();
  private final ConcurrentLinkedQueue<ShadowStore.Disagreement> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean flushing = new AtomicBoolean();

  public ShadowDecisions(InProcessPolicyEngine shadow, BrokerMetrics metrics, SqlClient client) {
    this.shadow = shadow;
    this.metrics = metrics;
    this.client = client;
  }

  /** The shadow revision. */
  public String revision() {
    return shadow.revision();
  }

  /** Has the shadow decide {@code input} too, off the answer's path; returns at once. */
  public void decided(String decisionId, JsonObject input, Decision active) {
    if (active instanceof Decision.Undecided) {
      metrics.shadow("skipped");
      return;
    }
    shadow.decide(input).onSuccess(candidate -> compare(decisionId, input, active, candidate));
  }

  private void compare(String decisionId, JsonObject input, Decision active, Decision candidate) {
    if (candidate instanceof Decision.Undecided undecided) {
      metrics.shadow(undecided.why().contains("queue is full") ? "skipped" : "undecided");
      return;
    }
    Optional<DecisionDiff> diff = DecisionDiff.between(active, candidate);
    if (diff.isEmpty()) {
      metrics.shadow("agree");
      return;
    }
    metrics.shadow("disagree");
    metrics.shadowDisagreement(diff.get().kind(), diff.get().policy(), diff.get().code());
    if (queued.incrementAndGet() > QUEUED) {
      queued.decrementAndGet();
      metrics.shadow("unrecorded");
      return;
    }
    queue.add(new ShadowStore.Disagreement(decisionId, Instant.parse(input.getJsonObject("context").getString("time")),
        active.revision(), candidate.revision(), diff.get().kind(), diff.get().policy(), diff.get().code(),
        document(active), document(candidate)));
    flush();
  }

  /** Stores what is queued, one batch at a time. */
  private void flush() {
    if (!flushing.compareAndSet(false, true)) {
      return;
    }
    List<ShadowStore.Disagreement> batch = new ArrayList<>();
    ShadowStore.Disagreement next;
    while (batch.size() < BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    queued.addAndGet(-batch.size());
    if (batch.isEmpty()) {
      flushing.set(false);
      return;
    }
    store.insert(client, batch)
        .onFailure(failure -> {
          LOG.log(Level.WARNING, batch.size() + " shadow disagreements could not be stored: " + failure.getMessage());
          batch.forEach(d -> metrics.shadow("unrecorded"));
        })
        .onComplete(done -> {
          flushing.set(false);
          if (!queue.isEmpty()) {
            flush();
          }
        });
  }

  private static JsonObject document(Decision decision) {
    return decision instanceof Decision.Allow allow ? allow.toJson() : ((Decision.Deny) decision).toJson();
  }

  @Override
  public void close() {
    shadow.close();
  }
}
