package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.await;
import static io.twinguard.tests.identity.TokenEcosystem.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.twinguard.broker.Broker;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * What a token costs a call: the same allowed call ({@code room-12} asking the HVAC twin's thermal
 * model) made one at a time, once with {@code room-12}'s certificate (mutual TLS) and once with a
 * DPoP-bound token of the real Keycloak and no certificate, alternating in rounds on one broker in
 * one run; the DPoP proof of each call is made before its timing starts. Writes
 * {@code tests/target/benchmarks/token-latency.csv} (p50, p90, p99 in microseconds per kind, and the
 * token's ratio to mutual TLS) and prints it. Records go nowhere, so the figures are the
 * authentication's and not the audit log's.
 *
 * <p>{@code mvn -B -o -pl common,signing,broker,tests -am verify -Dtest=TokenLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.calls=2000] [-Dbench.rounds=5]}, with Keycloak
 * running.
 */
class TokenLatencyBenchmark {

  private static final JsonObject PAYLOAD = new JsonObject().put("outdoor_c", 4.0).put("occupants", 2);

  @Test
  void tokenAndCertificateCalls_latencyInOneRun() throws Exception {
    int calls = Integer.getInteger("bench.calls", 2000);
    int rounds = Integer.getInteger("bench.rounds", 5);
    TestKeycloak keycloak = TestKeycloak.running();
    Clock clock = Clock.systemUTC();
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    AuditTrail nowhere = new AuditTrail() {
      @Override
      public Future<Long> append(io.twinguard.audit.record.AuditRecord record) {
        return Future.succeededFuture(0L);
      }

      @Override
      public boolean available() {
        return true;
      }
    };
    TokenEcosystem city = new TokenEcosystem();
    try {
      Broker broker = city.broker(identity(keycloak.issuer(), keycloak.audience(), Duration.ofSeconds(10)), clock,
          nowhere, Optional.empty());
      TwinClient certified = new TwinClient(city.vertx, city.ecosystem, "room-12", broker.port(), clock);
      URI target = URI.create(TokenEcosystem.uri(broker, TokenEcosystem.PREDICT));
      Histogram mtls = new Histogram(3);
      Histogram token = new Histogram(3);
      for (int round = -1; round < rounds; round++) {
        // round -1 warms both paths up and is not counted
        String accessToken = keycloak.clientCredentialsToken("city-buildings", key);
        for (int i = 0; i < calls; i++) {
          long start = System.nanoTime();
          int status = await(certified.call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
              PAYLOAD, false)).status();
          long certificateNanos = System.nanoTime() - start;
          String proof = TestKeycloak.proof(key, "POST", target, clock.instant(), accessToken);
          start = System.nanoTime();
          int tokenStatus = city.predict(broker, "DPoP " + accessToken, proof).status();
          long tokenNanos = System.nanoTime() - start;
          assertEquals(200, status);
          assertEquals(200, tokenStatus);
          if (round >= 0) {
            mtls.recordValue(certificateNanos / 1000);
            token.recordValue(tokenNanos / 1000);
          }
        }
      }
      certified.close();
      write(calls * rounds, mtls, token);
    } finally {
      city.close();
    }
  }

  private static void write(int calls, Histogram mtls, Histogram token) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("kind,calls,p50_us,p90_us,p99_us");
    lines.add(row("mtls", calls, mtls));
    lines.add(row("dpop-token", calls, token));
    lines.add(String.format(Locale.ROOT, "ratio-token-to-mtls,,%.2f,%.2f,%.2f",
        ratio(token, mtls, 50), ratio(token, mtls, 90), ratio(token, mtls, 99)));
    Path out = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize()
        .resolve("tests/target/benchmarks");
    Files.createDirectories(out);
    Files.write(out.resolve("token-latency.csv"), lines, StandardCharsets.UTF_8);
    lines.forEach(System.out::println);
  }

  private static String row(String kind, int calls, Histogram histogram) {
    return kind + "," + calls + "," + histogram.getValueAtPercentile(50) + "," + histogram.getValueAtPercentile(90)
        + "," + histogram.getValueAtPercentile(99);
  }

  private static double ratio(Histogram a, Histogram b, double percentile) {
    return (double) a.getValueAtPercentile(percentile) / b.getValueAtPercentile(percentile);
  }
}
