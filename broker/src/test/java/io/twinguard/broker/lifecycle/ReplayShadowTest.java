package io.twinguard.broker.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.query.RecordScan;
import io.twinguard.broker.answer.Answer;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.lifecycle.explain.Explainer;
import io.twinguard.broker.lifecycle.replay.ReplayReport;
import io.twinguard.broker.lifecycle.replay.Replayer;
import io.twinguard.broker.lifecycle.replay.ReportWriter;
import io.twinguard.broker.lifecycle.rollout.Rollouts;
import io.twinguard.broker.lifecycle.store.ShadowStore;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.pipeline.CallFlow;
import io.twinguard.common.settings.PolicySettings;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.testing.PolicyBundles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded example traffic through the broker's real steps (real Rego in the in-process engine,
 * the audit log on a real PostgreSQL), with a candidate that tightens privacy (location data needs
 * explicit consent) in shadow mode; then the same candidate replayed on the recorded traffic. Ann
 * consented implicitly to location data, Bob explicitly, Cid not at all: exactly Ann's calls flip
 * from allow to deny, live in the shadow and in the replay, and no answer changes.
 */
class ReplayShadowTest {

  @TempDir static Path dir;
  static Vertx vertx;
  static AuditLog log;
  static Pool pool;
  static PolicyLifecycle lifecycle;
  static InProcessPolicyEngine candidate;
  static RevisionEngines engines;
  static Revisions revisions;
  static final BrokerMetrics METRICS = new BrokerMetrics();
  /** Status of every call by subject (or "model"), and decision ids by subject, in call order. */
  static final Map<String, List<Integer>> STATUSES = new LinkedHashMap<>();
  static final Map<String, List<String>> DECISIONS = new LinkedHashMap<>();

  @BeforeAll
  static void recordTraffic() throws IOException {
    PolicyBundles bundles = new PolicyBundles(dir);
    byte[] tightened = bundles.build("candidate-1", PolicyBundles.special("pd:Location"));
    Path candidateFile = dir.resolve("candidate-1.tar.gz");
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir.resolve("db"))).await();
    InProcessPolicyEngine active = InProcessPolicyEngine.start(vertx, Revisions.bundled(), Duration.ofSeconds(2))
        .await();
    PolicySettings settings = Traffic.verifying(bundles.publicKey(), Optional.of(candidateFile.toString()));
    lifecycle = PolicyLifecycle.start(vertx, log, new LogAuditTrail(log), Optional.empty(), Calls.catalog(),
        settings, Calls.CLOCK).await();
    CallFlow flow = new CallFlow(Traffic.steps(active, lifecycle.hooks(METRICS), log), METRICS);
    for (String subject : List.of("ann", "bob", "cid", "ann", "model")) {
      Ingress ingress = subject.equals("model") ? Traffic.predict() : Traffic.read(subject);
      Answer answer = flow.run(ingress).await();
      STATUSES.computeIfAbsent(subject, s -> new ArrayList<>()).add(answer.status());
      DECISIONS.computeIfAbsent(subject, s -> new ArrayList<>()).add(ingress.decisionId());
    }
    pool = PgBuilder.pool().connectingTo(log.connectOptions()).using(vertx).build();
    revisions = new Revisions(vertx, pool, Rollouts.verifier(settings));
    engines = new RevisionEngines(vertx, revisions, Duration.ofSeconds(2));
    candidate = InProcessPolicyEngine.startDetached(vertx, Bundle.fromFiles(BundleFiles.fromTarGz(tightened)),
        Duration.ofSeconds(2)).await();
  }

  @AfterAll
  static void close() {
    candidate.close();
    engines.close();
    lifecycle.close();
    pool.close().await();
    log.close().await();
    vertx.close().await();
  }

  @Test
  void shadow_privacyTighteningCandidate_countsAndRecordsExactlyTheFlipsAndChangesNoAnswer() {
    RolloutTest.awaitCondition("the shadow decided all 5 calls", () -> shadowCount("") == 5);
    RolloutTest.awaitCondition("both disagreements are stored", () -> disagreements().size() == 2);

    assertEquals(List.of(200, 200), STATUSES.get("ann"), "the active policies answer; the shadow changes nothing");
    assertEquals(List.of(200), STATUSES.get("bob"));
    assertEquals(List.of(403), STATUSES.get("cid"));
    assertEquals(2, shadowCount("result=\"disagree\""));
    assertEquals(3, shadowCount("result=\"agree\""));
    assertTrue(METRICS.scrape().contains("twinguard_shadow_disagreements_total{change=\"allow_to_deny\","
        + "code=\"explicit_consent_required\",policy=\"privacy\"} 2.0"), METRICS.scrape());
    List<ShadowStore.Disagreement> stored = disagreements();
    assertEquals(Set.copyOf(DECISIONS.get("ann")),
        stored.stream().map(ShadowStore.Disagreement::decisionId).collect(Collectors.toSet()));
    assertEquals(Set.of("allow_to_deny privacy/explicit_consent_required candidate-1"), stored.stream()
        .map(d -> d.change() + " " + d.policy() + "/" + d.code() + " " + d.shadowRevision())
        .collect(Collectors.toSet()));
  }

  @Test
  void replay_privacyTighteningCandidate_reportsExactlyTheExpectedFlips() {
    Replayer replayer = new Replayer(new RecordScan(log), new InputRebuilder(pool), engines, candidate);

    ReplayReport report = replayer.replay(Optional.empty(), Optional.empty()).await();

    assertEquals(5, report.read());
    assertEquals(5, report.replayed(), report.skipped().toString());
    assertEquals(List.of(), report.notReproduced());
    assertEquals(0, report.againstRecorded());
    assertEquals(3, report.unchanged());
    assertEquals(DECISIONS.get("ann"), report.changes().stream().map(ReplayReport.Changed::decisionId).toList());
    assertEquals(List.of(new ReplayReport.Group("allow_to_deny", "privacy", "explicit_consent_required",
        DECISIONS.get("ann"))), report.groups());
    String text = ReportWriter.write(report, ReportWriter.Format.TEXT);
    assertTrue(text.contains("5 decisions read, 5 replayed, 3 unchanged, 2 changed"), text);
    String html = ReportWriter.write(report, ReportWriter.Format.HTML);
    assertTrue(html.contains("<td>explicit_consent_required</td><td>2</td>"), html);
  }

  @Test
  void replay_timeRangeBeforeTheTraffic_readsNothing() {
    Replayer replayer = new Replayer(new RecordScan(log), new InputRebuilder(pool), engines, candidate);

    ReplayReport report = replayer.replay(Optional.empty(), Optional.of(Calls.NOW)).await();

    assertEquals(0, report.read());
    assertEquals(List.of(), report.changes());
  }

  @Test
  void explain_deniedCall_namesTheRuleItsFileAndTheRevision() {
    Explainer explainer = new Explainer(log, new InputRebuilder(pool), revisions, engines);

    JsonObject answer = explainer.explain(DECISIONS.get("cid").get(0)).await().orElseThrow();

    assertEquals(true, answer.getBoolean("reproduced"), answer.encodePrettily());
    assertEquals(Revisions.bundled().revision(), answer.getString("revision"));
    JsonObject reason = answer.getJsonObject("explanation").getJsonArray("reasons").getJsonObject(0);
    assertEquals("consent_missing", reason.getString("code"));
    JsonObject rule = reason.getJsonArray("rules").getJsonObject(0);
    assertTrue(rule.getString("file").endsWith("privacy/privacy.rego"), rule.encode());
    assertTrue(rule.getInteger("line") > 0, rule.encode());
    assertTrue(answer.getString("text").contains("The privacy policy refused the call"), answer.getString("text"));
  }

  @Test
  void explain_unknownDecision_isEmpty() {
    Explainer explainer = new Explainer(log, new InputRebuilder(pool), revisions, engines);

    assertEquals(Optional.empty(), explainer.explain("no-such-decision").await());
  }

  static long shadowCount(String label) {
    return METRICS.scrape().lines()
        .filter(line -> line.startsWith("twinguard_shadow_decisions_total") && line.contains(label))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  static List<ShadowStore.Disagreement> disagreements() {
    return new ShadowStore().page(pool, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), 0, 100).await()
        .disagreements();
  }
}
