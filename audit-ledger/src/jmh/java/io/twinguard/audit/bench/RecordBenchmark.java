package io.twinguard.audit.bench;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.audit.record.DecisionRecord.BlockRef;
import io.twinguard.audit.record.DecisionRecord.Reason;
import io.twinguard.audit.record.DecisionRecord.Verdict;
import io.twinguard.audit.record.InvalidRecordException;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * From the facts of one call to the leaf of its audit record and the query fields, three ways:
 *
 * <ul>
 *   <li>{@code jsonParse}: the baseline, as the broker did it: a JsonObject, encoded, then {@link
 *       AuditRecord#parse} (schema validation, RFC 8785 canonicalization, a parse of the result);
 *   <li>{@code typedEncodeCanonicalize}: a {@link DecisionRecord} (validated), then encoded once as a
 *       JsonObject and canonicalized once with {@link CanonicalJson}, the fields taken from the
 *       typed value;
 *   <li>{@code typedDirect}: a {@link DecisionRecord}, then {@link AuditRecord#of(DecisionRecord)}
 *       (the canonical form written directly);
 *   <li>{@code typedRecordOnly}: the {@link DecisionRecord} alone (its validation).
 * </ul>
 *
 * A denied call with {@code subjects} data subjects (as many consents), one reason and one
 * obligation. Sample time: compare the medians (p0.50), which a busy shared machine disturbs
 * least. Run: see audit-ledger/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordBenchmark {

  @Param({"1", "20"})
  public int subjects;

  private List<String> subjectIds;
  private List<String> consentIds;
  private Instant received;
  private JsonObject obligation;

  @Setup(Level.Trial)
  public void setUp() {
    subjectIds = new ArrayList<>();
    consentIds = new ArrayList<>();
    for (int i = 0; i < subjects; i++) {
      subjectIds.add("subject-" + (4711 + i));
      consentIds.add("consent-" + (815 + i));
    }
    received = Instant.parse("2026-12-01T10:15:30.123456Z");
    obligation = new JsonObject().put("type", "redact").put("fields", new JsonArray().add("name").add("room"));
  }

  @Benchmark
  public AuditRecord jsonParse() throws InvalidRecordException {
    return AuditRecord.parse(json().encode());
  }

  @Benchmark
  public Object typedEncodeCanonicalize() {
    DecisionRecord record = typed();
    byte[] leaf = CanonicalJson.canonicalize(json().encode());
    List<String> codes = new ArrayList<>();
    record.reasons().forEach(r -> codes.add(r.code()));
    return new Object[] {leaf, new AuditRecord.Fields("decision", record.time().atOffset(ZoneOffset.UTC),
        record.decisionId(), record.caller(), record.target(), record.purpose(), record.decision().wireName(),
        record.bundleRevision(), record.subjects(), codes)};
  }

  /** The validation alone, for the cost of checking a record's values at creation. */
  @Benchmark
  public DecisionRecord typedRecordOnly() {
    return typed();
  }

  @Benchmark
  public AuditRecord typedDirect() {
    return AuditRecord.of(typed());
  }

  private DecisionRecord typed() {
    return new DecisionRecord(
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        received,
        "spiffe://city.example/twin/room-12",
        "spiffe://city.example/twin/hvac-room-1",
        new BlockRef("data", "climate"),
        "read",
        "dpv:ServiceProvision",
        subjectIds,
        List.of("pd:Location", "pd:HealthRecord"),
        true,
        consentIds,
        "rev-2026-12-01",
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
        Verdict.DENY,
        403,
        URI.create("https://twinguard.example/problems/denied"),
        null,
        null,
        List.of(new Reason("privacy", "consent_missing", "no consent of subject-4711 for dpv:ServiceProvision")),
        List.of(obligation),
        null);
  }

  /** The facts as a JsonObject, built the way the broker's CallTrail built it. */
  private JsonObject json() {
    return new JsonObject()
        .put("kind", "decision")
        .put("decision_id", "0f8fad5b-d9cb-469f-a165-70867728950e")
        .put("time", DateTimeFormatter.ISO_INSTANT.format(received))
        .put("caller", "spiffe://city.example/twin/room-12")
        .put("target", "spiffe://city.example/twin/hvac-room-1")
        .put("block", new JsonObject().put("kind", "data").put("name", "climate"))
        .put("operation", "read")
        .put("purpose", "dpv:ServiceProvision")
        .put("subjects", new JsonArray(subjectIds))
        .put("data_categories", new JsonArray(List.of("pd:Location", "pd:HealthRecord")))
        .put("signed", true)
        .put("consents", new JsonArray(consentIds))
        .put("bundle_revision", "rev-2026-12-01")
        .put("request_digest", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:")
        .put("obligations", new JsonArray(new ArrayList<>(List.of(obligation))))
        .put("reasons", new JsonArray().add(new JsonObject().put("policy", "privacy").put("code", "consent_missing")
            .put("message", "no consent of subject-4711 for dpv:ServiceProvision")))
        .put("decision", "deny")
        .put("status", 403)
        .put("problem", "https://twinguard.example/problems/denied");
  }
}
