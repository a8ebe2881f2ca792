package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.twinguard.audit.merkle.ProofVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Several shared writers of one log on a real PostgreSQL, and the checks the shared-writer tests make. */
final class SharedLogs implements AutoCloseable {

  static final Duration TAKEOVER = Duration.ofMillis(100);

  final Vertx vertx = Vertx.vertx();
  final List<AuditLog> logs = new ArrayList<>();
  private final String uri;

  /** Opens {@code writers} shared writers of the log at {@code uri}, one after the other, each with its own pool. */
  SharedLogs(String uri, Path dir, int writers, int maxBatch) throws Exception {
    this(uri, dir, writers, maxBatch, UnaryOperator.identity());
  }

  /** As above, each writer's configuration changed by {@code tune}. */
  SharedLogs(String uri, Path dir, int writers, int maxBatch, UnaryOperator<LogConfig> tune) throws Exception {
    this.uri = uri;
    LogConfig config = tune.apply(new LogConfig(Optional.of(uri), dir, "twinguard.local/audit", dir.resolve("key.pem"),
        maxBatch, Duration.ofMillis(1), 2).shared(TAKEOVER, Duration.ofMinutes(1)));
    for (int i = 0; i < writers; i++) {
      logs.add(within(AuditLog.open(vertx, config)));
    }
  }

  /** Accepts records {@code from} .. {@code from + count - 1} through writer {@code w}, all at once. */
  List<Future<Accepted>> accept(int w, long from, int count) {
    return LongStream.range(from, from + count).mapToObj(i -> logs.get(w).accept(TestRecords.decision(i))).toList();
  }

  /**
   * Waits for the index of every accepted record and checks that the log holds exactly these, each
   * once, at dense indices from 0, that no entry waits, that the log verifies, and that a record's
   * proof by leaf hash gives its index and checks against the checkpoint.
   */
  void assertIntegratedOnce(Map<Integer, List<Accepted>> acceptedBy) throws Exception {
    List<Future<Appended>> waits = new ArrayList<>();
    Set<Long> entries = new HashSet<>();
    for (var byWriter : acceptedBy.entrySet()) {
      AuditLog log = logs.get(byWriter.getKey());
      for (Accepted accepted : byWriter.getValue()) {
        waits.add(log.integrated(accepted));
        assertTrue(entries.add(((Accepted.Sequenced) accepted).entryId()), "entry ids are unique");
      }
    }
    List<Long> indices = all(waits).stream().map(Appended::index).toList();
    long total = indices.size();
    assertEquals(LongStream.range(0, total).boxed().collect(Collectors.toSet()), new HashSet<>(indices),
        "dense indices, each given once");
    assertEquals(total, indices.stream().distinct().count());
    assertEquals(total, count("SELECT count(*) FROM log_leaf"), "no leaf beyond the accepted records");
    assertEquals(0, count("SELECT count(*) FROM log_entry"), "no entry left waiting");
    assertEquals(List.of(), within(logs.get(0).verify()).problems());
    Accepted sample = acceptedBy.values().iterator().next().get(0);
    InclusionProof proof = within(logs.get(logs.size() - 1).inclusionProof(sample.leafHash()));
    assertEquals(within(logs.get(0).integrated(sample)).index(), proof.index());
    ProofVerifier.verifyInclusion(proof.index(), proof.checkpoint().size(), sample.leafHash(), proof.path(),
        proof.checkpoint().checkpoint().rootHash());
  }

  /** The one number a query on the log's database gives. */
  long count(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The backend pid that holds the integrator's lock, waiting (bounded) until one does. */
  long integratorPid() throws Exception {
    String sql = "SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND granted";
    poll(() -> {
      try {
        return count(sql) != 0;
      } catch (SQLException e) {
        return false;
      }
    }, "an integrator holds the lock");
    return count(sql);
  }

  Connection connect() throws SQLException {
    String rest = uri.substring("postgresql://".length());
    return DriverManager.getConnection("jdbc:postgresql://" + rest.substring(rest.indexOf('@') + 1), "postgres", "");
  }

  /** Polls a condition every 10 ms for at most a minute. */
  static void poll(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within a minute: " + what);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  /** Every future's result, each waited for at most a minute. */
  static <T> List<T> all(List<Future<T>> futures) throws Exception {
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(within(f));
    }
    return results;
  }

  @Override
  public void close() {
    try {
      for (AuditLog log : logs) {
        within(log.close());
      }
      within(vertx.close());
    } catch (Exception e) {
      throw new IllegalStateException("the shared writers did not close", e);
    }
  }
}
