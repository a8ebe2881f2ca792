package io.twinguard.audit;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.InvalidRecordException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Decision records for tests: record i has caller i mod 3, subject i mod 5, purpose i mod 2. */
public final class TestRecords {

  private TestRecords() {}

  public static JsonObject decisionJson(long i) {
    boolean allow = i % 4 != 0;
    return new JsonObject()
        .put("kind", "decision")
        .put("decision_id", "dec-" + i)
        .put("time", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i).toString())
        .put("caller", "spiffe://city.example/twin/caller-" + (i % 3))
        .put("target", "spiffe://city.example/twin/hvac-room-1")
        .put("block", new JsonObject().put("kind", "data").put("name", "climate"))
        .put("operation", "read")
        .put("purpose", i % 2 == 0 ? "dpv:ServiceProvision" : "dpv:Marketing")
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
        .put("request_digest", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
  }

  public static AuditRecord decision(long i) {
    try {
      return AuditRecord.parse(decisionJson(i).encode());
    } catch (InvalidRecordException e) {
      throw new IllegalStateException(e);
    }
  }
}
