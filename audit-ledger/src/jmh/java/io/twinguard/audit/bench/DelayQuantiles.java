package io.twinguard.audit.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.PercentileHistogramBuckets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The integration delay from acceptance as the integrator's timer {@code
 * twinguard.log.integration.delay} records it, read from the timer's histogram buckets the way
 * Prometheus's {@code histogram_quantile} reads them (linear within the bucket that holds the rank).
 *
 * @param p50Ms the median in milliseconds
 * @param p99Ms the 99th percentile in milliseconds
 * @param count how many delays were recorded
 */
record DelayQuantiles(double p50Ms, double p99Ms, long count) {

  static final String METER = "twinguard.log.integration.delay";

  /**
   * A registry whose histograms have the buckets Prometheus's would have (a simple registry makes
   * none for a percentile histogram, so they are given as service level objectives) and keep every
   * value recorded since it was bound (one window that does not expire during a run), so that its
   * buckets cover exactly the measured interval.
   */
  static SimpleMeterRegistry registry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        double[] bounds = PercentileHistogramBuckets.buckets(config).stream().mapToDouble(Double::doubleValue).toArray();
        return DistributionStatisticConfig.builder().expiry(Duration.ofDays(1)).bufferLength(1)
            .serviceLevelObjectives(bounds).build().merge(config);
      }
    });
    return registry;
  }

  /** The quantiles of what the registry's integration delay timer holds; empty when it recorded nothing. */
  static Optional<DelayQuantiles> of(SimpleMeterRegistry registry) {
    Timer timer = registry.find(METER).timer();
    if (timer == null || timer.count() == 0) {
      return Optional.empty();
    }
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    if (buckets.length == 0 || buckets[buckets.length - 1].count() != timer.count()) {
      throw new IllegalStateException("the delay histogram's buckets do not hold every delay recorded");
    }
    return Optional.of(new DelayQuantiles(quantileMs(buckets, timer.count(), 0.5),
        quantileMs(buckets, timer.count(), 0.99), timer.count()));
  }

  /** {@code buckets} hold cumulative counts: how many values were at most each bound. */
  private static double quantileMs(CountAtBucket[] buckets, long total, double q) {
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (CountAtBucket bucket : buckets) {
      double upper = bucket.bucket(TimeUnit.MILLISECONDS);
      if (bucket.count() >= rank) {
        double within = bucket.count() - below;
        return within == 0 ? upper : lower + (upper - lower) * (rank - below) / within;
      }
      lower = upper;
      below = bucket.count();
    }
    return lower;
  }
}
