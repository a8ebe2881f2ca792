package io.twinguard.audit;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.audit.record.DecisionRecord.BlockRef;
import io.twinguard.audit.record.DecisionRecord.Reason;
import io.twinguard.audit.record.DecisionRecord.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Decision records for tests: record i has caller i mod 3, subject i mod 5, purpose i mod 2, and
 * is denied when i is a multiple of 4. {@link #decisionJson} is the same record as external JSON
 * (for {@code twinguard audit append}), {@link #decisionRecord} as the broker builds it.
 */
public final class TestRecords {

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final String DIGEST = "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:";

  private TestRecords() {}

  public static JsonObject decisionJson(long i) {
    boolean allow = i % 4 != 0;
    return new JsonObject()
        .put("kind", "decision")
        .put("decision_id", "dec-" + i)
        .put("time", EPOCH.plusSeconds(i).toString())
        .put("caller", "spiffe://city.example/twin/caller-" + (i % 3))
        .put("target", "spiffe://city.example/twin/hvac-room-1")
        .put("block", new JsonObject().put("kind", "data").put("name", "climate"))
        .put("operation", "read")
        .put("purpose", purpose(i))
        .put("subjects", new JsonArray().add("subject-" + (i % 5)))
        .put("data_categories", new JsonArray().add("pd:Location"))
        .put("decision", allow ? "allow" : "deny")
        .put("status", allow ? 200 : 403)
        .put(
            "reasons",
            allow
                ? new JsonArray()
                : new JsonArray().add(new JsonObject()
                    .put("policy", "privacy")
                    .put("code", "consent_missing")
                    .put("message", "no consent")))
        .put("obligations", new JsonArray().add(new JsonObject().put("type", "redact")))
        .put("bundle_revision", "rev-" + (i / 100))
        .put("consents", new JsonArray().add("consent-" + (i % 5)))
        .put("request_digest", DIGEST);
  }

  /** The same facts as {@link #decisionJson}, typed; its leaf also says {@code "signed":false}. */
  public static DecisionRecord decisionRecord(long i) {
    boolean allow = i % 4 != 0;
    return new DecisionRecord(
        "dec-" + i,
        EPOCH.plusSeconds(i),
        "spiffe://city.example/twin/caller-" + (i % 3),
        "spiffe://city.example/twin/hvac-room-1",
        new BlockRef("data", "climate"),
        "read",
        purpose(i),
        List.of("subject-" + (i % 5)),
        List.of("pd:Location"),
        false,
        List.of("consent-" + (i % 5)),
        "rev-" + (i / 100),
        DIGEST,
        allow ? Verdict.ALLOW : Verdict.DENY,
        allow ? 200 : 403,
        null,
        null,
        null,
        allow ? List.of() : List.of(new Reason("privacy", "consent_missing", "no consent")),
        List.of(new JsonObject().put("type", "redact")),
        null);
  }

  public static AuditRecord decision(long i) {
    return AuditRecord.of(decisionRecord(i));
  }

  private static String purpose(long i) {
    return i % 2 == 0 ? "dpv:ServiceProvision" : "dpv:Marketing";
  }
}
