package io.twinguard.broker.lifecycle;

import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.query.RecordScan;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.lifecycle.replay.ReplayReport;
import io.twinguard.broker.lifecycle.replay.Replayer;
import io.twinguard.broker.lifecycle.replay.ReportWriter;
import io.twinguard.broker.lifecycle.store.PolicyDatabase;
import io.twinguard.broker.lifecycle.store.SnapshotStore;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.testing.PolicyBundles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replayed decisions per second over {@value #DECISIONS} recorded decisions (the audit log on an
 * embedded PostgreSQL, snapshots in the policy schema) with the in-process engine, against the
 * baseline of the same run: the candidate alone deciding the same inputs, already built, in
 * memory. A replay reads each record, rebuilds its input, has the recorded revision decide it
 * again and the candidate decide it, and compares. The candidate tightens privacy, so a third of
 * the decisions change. An example report of the first 12 decisions is written to {@code
 * target/replay-example.txt} and {@code .html}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = "-Xmx1g")
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReplayBenchmark {

  static final int DECISIONS = 100_000;
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  static final List<String> SUBJECTS = List.of("ann", "bob", "cid");

  Path dir;
  Vertx vertx;
  AuditLog log;
  Pool pool;
  RevisionEngines engines;
  InProcessPolicyEngine candidate;
  List<JsonObject> inputs;

  @Setup(Level.Trial)
  public void record() throws IOException {
    dir = Files.createTempDirectory("twinguard-replay-bench-");
    PolicyBundles bundles = new PolicyBundles(dir);
    byte[] tightened = bundles.build("candidate-1", PolicyBundles.special("pd:Location"));
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir.resolve("db")).withBatching(512, Duration.ofMillis(5)))
        .await();
    vertx.executeBlocking(() -> {
      PolicyDatabase.migrate(log.connectOptions());
      return null;
    }, false).await();
    pool = PgBuilder.pool().connectingTo(log.connectOptions()).using(vertx).build();
    Map<String, JsonObject> views = storeSnapshots();
    for (int from = 0; from < DECISIONS; from += 1000) {
      List<Future<Appended>> appends = new ArrayList<>();
      for (int i = from; i < Math.min(DECISIONS, from + 1000); i++) {
        appends.add(log.append(AuditRecord.of(recorded(i, views))));
      }
      Future.all(appends).await();
    }
    engines = new RevisionEngines(vertx, new Revisions(vertx, pool, Optional.empty()), Duration.ofSeconds(5));
    candidate = InProcessPolicyEngine.startDetached(vertx, Bundle.fromFiles(BundleFiles.fromTarGz(tightened)),
        Duration.ofSeconds(5)).await();
    inputs = new ArrayList<>();
    new InputRebuilder(pool).rebuild(new RecordScan(log).page("decision", Optional.empty(), Optional.empty(),
            Optional.empty(), 3).await().records().stream().map(r -> new JsonObject(r.json())).toList()).await()
        .forEach(rebuilt -> inputs.add(((InputRebuilder.Input) rebuilt).input()));
    writeExample();
  }

  /** Stores the registry snapshot and the consent versions the records refer to; the views by subject. */
  private Map<String, JsonObject> storeSnapshots() {
    SnapshotStore store = new SnapshotStore();
    store.putRegistry(pool, Calls.catalog().revision(), Calls.catalog().snapshot()).await();
    List<JsonObject> consents = FixtureConsents.parseYaml(Traffic.CONSENTS).consentsOf(List.of("ann", "bob"),
        "office-co").await();
    for (JsonObject view : consents) {
      store.putConsent(pool, view.getString("id"), PolicyInputs.consentVersion(view), view).await();
    }
    return Map.of("ann", consents.get(0), "bob", consents.get(1));
  }

  /** Decision {@code i} as the jar's policies made it: Ann and Bob allowed, Cid denied for want of consent. */
  static DecisionRecord recorded(int i, Map<String, JsonObject> views) {
    String subject = SUBJECTS.get(i % 3);
    JsonObject view = views.get(subject);
    List<DecisionRecord.ConsentVersion> consents = view == null ? List.of()
        : List.of(new DecisionRecord.ConsentVersion(view.getString("id"), PolicyInputs.consentVersion(view)));
    boolean allow = view != null;
    return new DecisionRecord("replay-" + i, START.plusMillis(i), "spiffe://test.example/twin/office",
        "spiffe://test.example/twin/thermostat", new DecisionRecord.BlockRef("data", "readings"), "read",
        "dpv:ServiceProvision", List.of(subject), List.of("pd:Location"), false,
        consents.stream().map(DecisionRecord.ConsentVersion::id).toList(), Revisions.bundled().revision(),
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", allow ? DecisionRecord.Verdict.ALLOW
            : DecisionRecord.Verdict.DENY, allow ? 200 : 403, allow ? null : ProblemType.DENIED.type(),
        allow ? 200 : null, null, allow ? List.of() : List.of(new DecisionRecord.Reason("privacy", "consent_missing",
            "a data subject has given office-co no valid consent for dpv:ServiceProvision covering pd:Location")),
        List.of(), new DecisionRecord.PolicyInputRef("mtls", PolicyInputs.Mode.NORMAL.wireName(),
            Calls.catalog().revision(), consents));
  }

  private void writeExample() throws IOException {
    ReplayReport example = new Replayer(new RecordScan(log), new InputRebuilder(pool), engines, candidate)
        .replay(Optional.of(START), Optional.of(START.plusMillis(12))).await();
    Path target = Path.of(System.getProperty("twinguard.root", "."), "broker", "target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("replay-example.txt"), ReportWriter.write(example, ReportWriter.Format.TEXT));
    Files.writeString(target.resolve("replay-example.html"), ReportWriter.write(example, ReportWriter.Format.HTML));
  }

  /** The whole recorded log replayed: read, rebuilt, re-decided by its revision and the candidate, compared. */
  @Benchmark
  @OperationsPerInvocation(DECISIONS)
  public ReplayReport replay() {
    ReplayReport report = new Replayer(new RecordScan(log), new InputRebuilder(pool), engines, candidate)
        .replay(Optional.empty(), Optional.empty()).await();
    if (report.replayed() != DECISIONS) {
      throw new IllegalStateException("replayed " + report.replayed() + " of " + DECISIONS + ": " + report.skipped());
    }
    return report;
  }

  /** The baseline: the candidate deciding as many inputs, already built, in rounds of a replay page. */
  @Benchmark
  @OperationsPerInvocation(DECISIONS)
  public int decideOnly() {
    int denied = 0;
    for (int from = 0; from < DECISIONS; from += Replayer.PAGE) {
      List<Future<Decision>> round = new ArrayList<>(Replayer.PAGE);
      for (int i = from; i < from + Replayer.PAGE; i++) {
        round.add(candidate.decide(inputs.get(i % inputs.size())));
      }
      Future.all(round).await();
      for (Future<Decision> decision : round) {
        denied += decision.result().allowed() ? 0 : 1;
      }
    }
    return denied;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    candidate.close();
    engines.close();
    pool.close().await();
    log.close().await();
    vertx.close().await();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
