package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyRecordTest {

  private static final String DIGEST = "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:";
  private static final Instant TIME = Instant.parse("2026-03-01T10:00:00.25Z");
  private static final String AUTHOR = "spiffe://city.example/admin";

  @Test
  void of_everyAction_isTheLeafParseMakesOfTheSameFacts() throws InvalidRecordException {
    for (PolicyRecord.Action action : PolicyRecord.Action.values()) {
      String previous = action == PolicyRecord.Action.UPLOAD ? null : "rev-1";
      AuditRecord typed = AuditRecord.of(new PolicyRecord(TIME, AUTHOR, action, "rev-2", DIGEST, previous));

      AuditRecord parsed = AuditRecord.parse(typed.json());

      assertEquals(parsed.json(), typed.json());
      assertEquals(parsed.fields(), typed.fields());
    }
  }

  @Test
  void of_activation_namesWhoWhichRevisionAndTheBundleHash() {
    AuditRecord record = AuditRecord.of(
        new PolicyRecord(TIME, AUTHOR, PolicyRecord.Action.ACTIVATE, "rev-2", DIGEST, "rev-1"));

    JsonObject json = new JsonObject(record.json());
    assertEquals("policy", record.fields().kind());
    assertEquals("rev-2", record.fields().bundleRevision());
    assertEquals(new JsonObject().put("action", "activate").put("actor", AUTHOR).put("bundle_digest", DIGEST)
        .put("kind", "policy").put("previous_revision", "rev-1").put("revision", "rev-2")
        .put("time", "2026-03-01T10:00:00.250Z"), json);
  }

  @Test
  void of_firstActivation_leavesPreviousRevisionOut() {
    AuditRecord record = AuditRecord.of(
        new PolicyRecord(TIME, AUTHOR, PolicyRecord.Action.ACTIVATE, "rev-1", DIGEST, null));

    assertTrue(!new JsonObject(record.json()).containsKey("previous_revision"), record.json());
  }

  @Test
  void new_uploadWithPreviousRevision_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PolicyRecord(TIME, AUTHOR, PolicyRecord.Action.UPLOAD, "rev-2", DIGEST, "rev-1"));

    assertTrue(e.getMessage().startsWith("previous_revision:"), e.getMessage());
  }

  @Test
  void new_badComponents_areRefusedNamingTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new PolicyRecord(TIME, AUTHOR, null, "rev-2", DIGEST, null)).getMessage().startsWith("action:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new PolicyRecord(TIME, AUTHOR, PolicyRecord.Action.ACTIVATE, "rev\n2", DIGEST, null))
        .getMessage().startsWith("revision:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new PolicyRecord(TIME, AUTHOR, PolicyRecord.Action.ACTIVATE, "rev-2", "sha-1=:AAAA:", null))
        .getMessage().startsWith("bundle_digest:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new PolicyRecord(TIME, "", PolicyRecord.Action.ACTIVATE, "rev-2", DIGEST, null))
        .getMessage().startsWith("actor:"));
  }

  @Test
  void parse_policyRecordWithUnknownMember_isRefused() {
    String json = AuditRecord.of(new PolicyRecord(TIME, AUTHOR, PolicyRecord.Action.UPLOAD, "rev-2", DIGEST, null))
        .json().replace("\"kind\":\"policy\"", "\"kind\":\"policy\",\"extra\":1");

    assertThrows(InvalidRecordException.class, () -> AuditRecord.parse(json));
  }
}
