package io.twinguard.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrokerMetricsTest {

  @Test
  void step_recordedTwice_countsBothUnderOneSeries() {
    BrokerMetrics metrics = new BrokerMetrics();
    metrics.step("decide", 50_000);
    metrics.step("decide", 150_000);
    metrics.step("forward", 1_000_000);

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("twinguard_step_seconds_count{step=\"decide\"} 2"), scrape);
    assertTrue(scrape.contains("twinguard_step_seconds_sum{step=\"decide\"} 2.0E-4"), scrape);
    assertTrue(scrape.contains("twinguard_step_seconds_count{step=\"forward\"} 1"), scrape);
  }

  @Test
  void decision_sameAndOtherTags_countedPerTagSet() {
    BrokerMetrics metrics = new BrokerMetrics();
    metrics.decision("allow", "none", "none");
    metrics.decision("allow", "none", "none");
    metrics.decision("deny", "privacy", "consent_missing");

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("twinguard_decisions_total{code=\"none\",outcome=\"allow\",policy=\"none\"} 2.0"), scrape);
    assertTrue(scrape.contains(
        "twinguard_decisions_total{code=\"consent_missing\",outcome=\"deny\",policy=\"privacy\"} 1.0"), scrape);
  }
}
