package io.twinguard.tests.cluster;

import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Future;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The integration delay from acceptance as the brokers publish it: the cumulative buckets of the
 * histogram {@code twinguard_log_integration_delay_seconds} on every broker's {@code /metrics},
 * summed (only the integrating broker records; summing keeps a change of integrator). Two snapshots
 * give the delays recorded between them, and their quantiles as Prometheus's {@code
 * histogram_quantile} computes them: linear within the bucket that holds the rank.
 *
 * @param cumulative bucket upper bound in seconds ({@code +Inf} included) to the count of delays up to it
 */
record IntegrationDelays(TreeMap<Double, Double> cumulative) {

  static final String BUCKET = "twinguard_log_integration_delay_seconds_bucket{";

  IntegrationDelays {
    cumulative = new TreeMap<>(cumulative);
  }

  /** The histograms of all brokers now, added up. */
  static IntegrationDelays of(Brokers brokers) throws Exception {
    TreeMap<Double, Double> sum = new TreeMap<>();
    for (int i = 0; i < brokers.layout.count(); i++) {
      TwinClient probe = brokers.client("room-12", i);
      try {
        Future<TwinClient.Answer> metrics = probe.get("/metrics");
        String text = metrics.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body().toString();
        parse(text).forEach((le, count) -> sum.merge(le, count, Double::sum));
      } finally {
        probe.close();
      }
    }
    return new IntegrationDelays(sum);
  }

  /** The buckets of the histogram in a Prometheus text exposition. */
  static Map<Double, Double> parse(String text) {
    Map<Double, Double> buckets = new TreeMap<>();
    text.lines().filter(line -> line.startsWith(BUCKET)).forEach(line -> {
      int le = line.indexOf("le=\"") + 4;
      String bound = line.substring(le, line.indexOf('"', le));
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value);
    });
    return buckets;
  }

  /** How many delays were recorded after {@code earlier} up to this snapshot. */
  long countSince(IntegrationDelays earlier) {
    return Math.round(delta(earlier).lastEntry() == null ? 0 : delta(earlier).lastEntry().getValue());
  }

  /** The {@code q} quantile in milliseconds of the delays recorded after {@code earlier}; NaN when none. */
  double quantileMsSince(IntegrationDelays earlier, double q) {
    TreeMap<Double, Double> delta = delta(earlier);
    double total = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : delta.entrySet()) {
      if (bucket.getValue() >= rank) {
        double upper = bucket.getKey().isInfinite() ? lower : bucket.getKey();
        double within = bucket.getValue() - below;
        return 1000 * (within == 0 ? upper : lower + (upper - lower) * (rank - below) / within);
      }
      lower = bucket.getKey();
      below = bucket.getValue();
    }
    return 1000 * lower;
  }

  private TreeMap<Double, Double> delta(IntegrationDelays earlier) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    cumulative.forEach((le, count) -> delta.put(le, count - earlier.cumulative().getOrDefault(le, 0.0)));
    return delta;
  }
}
