package io.twinguard.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The broker's Prometheus metrics: decisions by outcome, policy and code, and the latency of each
 * pipeline step as a histogram. Thread-safe.
 *
 * <ul>
 *   <li>{@code twinguard_decisions_total{outcome, policy, code}}: outcome is allow, deny (by a policy)
 *       or refused (by the broker); policy and code name the first reason or the problem type.
 *   <li>{@code twinguard_step_seconds{step}}: authenticate, admit, resolve, verify, validate, decide,
 *       arbitrate, forward, release, record.
 * </ul>
 */
public final class BrokerMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Counts one call's outcome. */
  public void decision(String outcome, String policy, String code) {
    Counter.builder("twinguard.decisions")
        .description("Calls by outcome, and the policy and code that decided a denial or refusal")
        .tag("outcome", outcome)
        .tag("policy", policy)
        .tag("code", code)
        .register(registry)
        .increment();
  }

  /** Records how long one pipeline step took. */
  public void step(String step, long nanos) {
    Timer.builder("twinguard.step")
        .description("Latency of each step of the call pipeline")
        .tag("step", step)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
