package io.twinguard.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The broker's Prometheus metrics: decisions by outcome, policy and code, and the latency of each
 * pipeline step as a histogram. Thread-safe.
 *
 * <ul>
 *   <li>{@code twinguard_decisions_total{outcome, policy, code}}: outcome is allow, deny (by a policy)
 *       or refused (by the broker); policy and code name the first reason or the problem type.
 *   <li>{@code twinguard_step_seconds{step}}: authenticate, admit, resolve, verify, validate, decide,
 *       arbitrate, forward, release, record.
 *   <li>{@code twinguard_shadow_decisions_total{result}}: live decisions a shadow revision also made,
 *       by result: agree, disagree, undecided (the shadow could not decide), skipped (the active
 *       engine could not, or the shadow's queue was full).
 *   <li>{@code twinguard_shadow_disagreements_total{change, policy, code}}: the disagreements by
 *       kind (allow_to_deny, deny_to_allow, reasons_changed, obligations_changed, priority_changed)
 *       and the reason or obligation they are grouped under.
 *   <li>the meters bound with {@link #bind}, such as the audit log's {@code
 *       twinguard_log_integration_delay_seconds}.
 * </ul>
 */
public final class BrokerMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /**
   * The meters of the per-call metrics, found again by their tags: building and registering a meter
   * hashes its whole id, which on every step of every call cost 2.6% of the broker's CPU.
   */
  private final Map<String, Timer> steps = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> decisions = new ConcurrentHashMap<>();

  /** Counts one call's outcome. */
  public void decision(String outcome, String policy, String code) {
    decisions.computeIfAbsent(List.of(outcome, policy, code), tags -> Counter.builder("twinguard.decisions")
            .description("Calls by outcome, and the policy and code that decided a denial or refusal")
            .tag("outcome", outcome)
            .tag("policy", policy)
            .tag("code", code)
            .register(registry))
        .increment();
  }

  /** Records how long one pipeline step took. */
  public void step(String step, long nanos) {
    steps.computeIfAbsent(step, name -> Timer.builder("twinguard.step")
            .description("Latency of each step of the call pipeline")
            .tag("step", name)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts one live decision a shadow revision was asked about, by result. */
  public void shadow(String result) {
    Counter.builder("twinguard.shadow.decisions")
        .description("Live decisions a shadow revision also made, by whether it agreed")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** Counts one disagreement of a shadow revision with the active one. */
  public void shadowDisagreement(String change, String policy, String code) {
    Counter.builder("twinguard.shadow.disagreements")
        .description("Live decisions a shadow revision would have made differently, by change and reason")
        .tag("change", change)
        .tag("policy", policy)
        .tag("code", code)
        .register(registry)
        .increment();
  }

  /** Publishes the meters of another module (the audit log's) with the broker's. */
  public void bind(MeterBinder binder) {
    binder.bindTo(registry);
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
