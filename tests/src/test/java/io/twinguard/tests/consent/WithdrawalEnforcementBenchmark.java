package io.twinguard.tests.consent;

import static io.twinguard.tests.consent.ConsentCity.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.ConsentTerms;
import io.twinguard.consent.LegalBasis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Withdrawal to enforcement across two brokers on one database (one JVM, each broker on a Vert.x
 * of its own with its own consent service, cache and LISTEN connection). For each withdrawal made
 * through broker A, with broker B's cache holding the consent as given: the time until B dropped
 * it (B's change listener ran; every lookup on B from then on reads the withdrawal), and the time
 * until the withdrawal was acknowledged to the citizen (A's future completed: every live broker
 * acked). Sequential withdrawals. Writes {@code tests/target/benchmarks/withdrawal-enforcement.txt}.
 * Runs only in the {@code benchmarks} profile:
 *
 * <pre>mvn -B -pl tests -am test -Pbenchmarks -Dtest=WithdrawalEnforcementBenchmark
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dwithdrawals=300]</pre>
 */
class WithdrawalEnforcementBenchmark {

  static final String ORG = "city-buildings";

  @Test
  void withdrawal_throughA_enforcedOnB(@TempDir Path dir) throws Exception {
    int count = Integer.getInteger("withdrawals", 300);
    int warmup = 30;
    ConsentCity city = ConsentCity.start(dir, Map.of(), UnaryOperator.identity());
    List<Long> enforced = new ArrayList<>();
    List<Long> acknowledged = new ArrayList<>();
    try {
      ConsentService a = city.broker(Map.of()).consent().service();
      ConsentService b = city.broker(Map.of()).consent().service();
      Map<String, Long> seenByB = new ConcurrentHashMap<>();
      b.onChange(change -> seenByB.putIfAbsent(change.consentId() + "/" + change.status(), System.nanoTime()));
      for (int i = 0; i < warmup + count; i++) {
        String subject = "citizen-bench-" + i;
        ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class, await(a.give(terms(subject), subject)));
        String id = given.consent().id();
        assertEquals("given", await(b.lookup().consentsOf(List.of(subject), ORG)).get(0).getString("status"));
        long start = System.nanoTime();
        assertInstanceOf(ChangeOutcome.Changed.class, await(a.withdraw(subject, id)));
        long acked = System.nanoTime();
        Long atB = seenByB.get(id + "/withdrawn");
        assertTrue(atB != null, "B had not dropped the consent when the withdrawal was acknowledged");
        assertEquals("withdrawn", await(b.lookup().consentsOf(List.of(subject), ORG)).get(0).getString("status"));
        if (i >= warmup) {
          enforced.add(atB - start);
          acknowledged.add(acked - start);
        }
      }
    } finally {
      city.close();
    }
    List<String> report = new ArrayList<>();
    report.add("# Withdrawal to enforcement across two brokers, " + Instant.now() + ", "
        + Runtime.getRuntime().availableProcessors() + " cores");
    report.add("withdrawals measured: " + count + " (after " + warmup + " warm-up), sequential, through broker A");
    report.add("withdraw -> broker B enforces (its cache dropped the consent): " + summary(enforced));
    report.add("withdraw -> acknowledged to the citizen (every broker acked): " + summary(acknowledged));
    Path out = Path.of("target/benchmarks/withdrawal-enforcement.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    report.forEach(System.out::println);
  }

  private static ConsentTerms terms(String subject) {
    return new ConsentTerms(subject, ORG, ORG, null, List.of("dpv:ServiceProvision"), List.of("pd:MentalHealth"),
        List.of("dpv:Use"), LegalBasis.EXPLICIT_CONSENT, null);
  }

  private static String summary(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return "p50 " + ms(percentile(sorted, 50)) + " ms, p99 " + ms(percentile(sorted, 99)) + " ms, max "
        + ms(sorted.get(sorted.size() - 1)) + " ms";
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }
}
