package io.twinguard.tests.consent;

import static io.twinguard.tests.consent.ConsentCity.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.Consent;
import io.twinguard.consent.ConsentService;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two brokers on one database, each on a Vert.x of its own with its own consent service, cache and
 * LISTEN connection (one JVM): while the building twin calls both without pause, the citizen
 * withdraws through one of them. No call that began after the withdrawal was acknowledged to her
 * (the service's future completed) is allowed, on either broker. Several rounds, the withdrawal
 * made through each broker in turn.
 */
class TwoBrokerWithdrawalTest {

  static final String HEALTH = "citizen-ada/data/health/read";
  static final int ROUNDS = 4;
  static final int LOOPS_PER_BROKER = 4;
  static final int CALLS_BEFORE = 20;
  static final int CALLS_AFTER = 40;

  static ConsentCity city;
  static List<ConsentCity.Node> nodes;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    city = ConsentCity.start(dir, Map.of(), UnaryOperator.identity());
    nodes = List.of(city.broker(Map.of()), city.broker(Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (city != null) {
      city.close();
    }
  }

  /** What the calls that began before, and after, the acknowledgement came to, per broker. */
  static final class Tally {
    final AtomicBoolean acknowledged = new AtomicBoolean();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger[] allowedBefore = {new AtomicInteger(), new AtomicInteger()};
    final AtomicInteger[] allowedAfter = {new AtomicInteger(), new AtomicInteger()};
    final AtomicInteger[] deniedAfter = {new AtomicInteger(), new AtomicInteger()};
    final Map<Integer, Integer> unexpected = new ConcurrentHashMap<>();

    void count(int broker, boolean after, int status) {
      if (status == 200) {
        (after ? allowedAfter : allowedBefore)[broker].incrementAndGet();
      } else if (status == 403 && after) {
        deniedAfter[broker].incrementAndGet();
      } else if (status != 403) {
        unexpected.merge(status, 1, Integer::sum);
      }
    }

    boolean warm() {
      return allowedBefore[0].get() >= CALLS_BEFORE && allowedBefore[1].get() >= CALLS_BEFORE;
    }

    boolean enough() {
      return deniedAfter[0].get() + allowedAfter[0].get() >= CALLS_AFTER
          && deniedAfter[1].get() + allowedAfter[1].get() >= CALLS_AFTER;
    }
  }

  @Test
  void withdraw_underConcurrentLoadOnTwoBrokers_noCallAllowedAfterAcknowledgement() throws Exception {
    List<TwinClient> building = List.of(nodes.get(0).client(city, ConsentCity.BUILDING),
        nodes.get(1).client(city, ConsentCity.BUILDING));
    for (int round = 0; round < ROUNDS; round++) {
      String subject = "citizen-load-" + round;
      ConsentService through = nodes.get(round % 2).consent().service();
      assertEquals(403, await(call(building.get(0), subject)).status(), "no consent yet");
      Consent requested = await(through.consentsOf(subject)).get(0);
      assertInstanceOf(ChangeOutcome.Changed.class, await(through.grant(subject, requested.id(), null)));

      Tally tally = new Tally();
      List<Future<Void>> loops = new ArrayList<>();
      for (int loop = 0; loop < LOOPS_PER_BROKER; loop++) {
        for (int broker = 0; broker < 2; broker++) {
          loops.add(loop(building.get(broker), broker, subject, tally));
        }
      }
      until(tally::warm, "both brokers allow calls before the withdrawal");
      ChangeOutcome withdrawn = await(through.withdraw(subject, requested.id())
          .onSuccess(outcome -> tally.acknowledged.set(true)));
      assertInstanceOf(ChangeOutcome.Changed.class, withdrawn);
      until(tally::enough, "both brokers answer calls after the withdrawal");
      tally.stop.set(true);
      await(Future.all(loops));

      assertEquals(Map.of(), tally.unexpected, "round " + round + ": every call allowed or denied");
      assertEquals(List.of(0, 0), List.of(tally.allowedAfter[0].get(), tally.allowedAfter[1].get()),
          "round " + round + ": calls allowed after the withdrawal was acknowledged");
    }
  }

  private static Future<Void> loop(TwinClient client, int broker, String subject, Tally tally) {
    if (tally.stop.get()) {
      return Future.succeededFuture();
    }
    boolean after = tally.acknowledged.get();
    return call(client, subject).compose(answer -> {
      tally.count(broker, after, answer.status());
      return loop(client, broker, subject, tally);
    });
  }

  private static Future<TwinClient.Answer> call(TwinClient client, String subject) {
    return client.call(HEALTH, "dpv:ServiceProvision", subject, null, false);
  }

  /** Polls the condition every 10 ms for at most a minute. */
  private static void until(java.util.function.BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
