package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  @Test
  void parse_validRecord_isCanonicalJson() throws InvalidRecordException {
    String json = "{ \"time\": \"2026-01-01T00:00:00Z\", \"kind\": \"registry\", \"action\": \"mode\","
        + " \"actor\": \"a\", \"declaration_digest\": \"sha-256=:AAAA:\" }";

    AuditRecord record = AuditRecord.parse(json);

    assertEquals("{\"action\":\"mode\",\"actor\":\"a\",\"declaration_digest\":\"sha-256=:AAAA:\","
        + "\"kind\":\"registry\",\"time\":\"2026-01-01T00:00:00Z\"}", record.json());
  }

  @Test
  void parse_decisionWithoutPurpose_namesTheMissingField() {
    JsonObject json = TestRecords.decisionJson(1);
    json.remove("purpose");

    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> AuditRecord.parse(json.encode()));

    assertTrue(e.getMessage().contains("purpose"), e.getMessage());
  }

  @Test
  void parse_decisionCarryingAPayload_isRefused() {
    JsonObject json = TestRecords.decisionJson(1).put("payload", "the citizen's diary");

    assertThrows(InvalidRecordException.class, () -> AuditRecord.parse(json.encode()));
  }

  @Test
  void parse_unknownKindOrNotJson_isRefused() {
    assertThrows(
        InvalidRecordException.class,
        () -> AuditRecord.parse("{\"kind\":\"gossip\",\"time\":\"2026-01-01T00:00:00Z\"}"));
    assertThrows(InvalidRecordException.class, () -> AuditRecord.parse("{\"kind\":"));
  }

  @Test
  void of_decisionRecord_isTheLeafParseMakesOfTheSameFacts() throws InvalidRecordException {
    for (long i = 0; i < 8; i++) {
      AuditRecord typed = TestRecords.decision(i);
      AuditRecord parsed = AuditRecord.parse(TestRecords.decisionJson(i).put("signed", false).encode());

      assertEquals(parsed.json(), typed.json());
      assertEquals(parsed.fields(), typed.fields());
    }
  }

  @Test
  void of_decisionRecord_leavesOutOnlyTheOptionalMembersThatAreNull() {
    DecisionBuilder b = new DecisionBuilder();
    b.caller = null;
    b.problem = null;

    JsonObject json = new JsonObject(AuditRecord.of(b.build()).json());

    assertTrue(json.containsKey("caller") && json.getValue("caller") == null, json.encode());
    assertTrue(!json.containsKey("problem") && !json.containsKey("upstream_status")
        && !json.containsKey("response_digest") && !json.containsKey("artefact"), json.encode());
  }

  @Test
  void of_decisionRecordWithArtefact_isCanonicalAndPassesTheSchema() throws InvalidRecordException {
    DecisionBuilder b = new DecisionBuilder();
    b.artefact = "sha-256:" + "ab".repeat(32);

    AuditRecord typed = AuditRecord.of(b.build());
    AuditRecord parsed = AuditRecord.parse(typed.json());

    assertEquals(typed.json(), parsed.json());
    assertTrue(typed.json().startsWith("{\"artefact\":\"sha-256:abab"), typed.json());
  }

  @Test
  void of_registryRecord_passesTheSchemaWithItsFields() throws InvalidRecordException {
    RegistryRecord put = new RegistryRecord(Instant.parse("2026-01-01T00:00:00.5Z"), "spiffe://city.example/admin/alice",
        RegistryRecord.Action.PUT, "hvac-room-1", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");

    AuditRecord record = AuditRecord.of(put);

    assertEquals("{\"action\":\"put\",\"actor\":\"spiffe://city.example/admin/alice\","
        + "\"declaration_digest\":\"sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:\","
        + "\"kind\":\"registry\",\"time\":\"2026-01-01T00:00:00.500Z\",\"twin\":\"hvac-room-1\"}", record.json());
    assertEquals(record.json(), AuditRecord.parse(record.json()).json());
    assertEquals(new AuditRecord.Fields("registry", OffsetDateTime.parse("2026-01-01T00:00:00.5Z"),
        null, null, null, null, null, null, List.of(), List.of()), record.fields());
  }

  @Test
  void parse_registryRecordBreakingItsRules_isRefused() {
    JsonObject put = new JsonObject(AuditRecord.of(new RegistryRecord(Instant.EPOCH, "spiffe://city.example/admin/alice",
        RegistryRecord.Action.PUT, "hvac-room-1", "sha-256=:AAAA:")).json());

    for (JsonObject bad : List.of(
        put.copy().put("payload", "x"),
        put.copy().put("action", "rename"),
        withoutTwin(put),
        put.copy().put("action", "mode"),
        put.copy().put("declaration_digest", "AAAA"))) {
      assertThrows(InvalidRecordException.class, () -> AuditRecord.parse(bad.encode()), bad.encode());
    }
  }

  @Test
  void registryRecord_twinPresentExactlyForPutAndDelete() {
    String digest = "sha-256=:AAAA:";
    assertThrows(IllegalArgumentException.class,
        () -> new RegistryRecord(Instant.EPOCH, "admin", RegistryRecord.Action.DELETE, null, digest));
    assertThrows(IllegalArgumentException.class,
        () -> new RegistryRecord(Instant.EPOCH, "admin", RegistryRecord.Action.MODE, "hvac", digest));
    assertThrows(IllegalArgumentException.class,
        () -> new RegistryRecord(Instant.EPOCH, "", RegistryRecord.Action.MODE, null, digest));
    assertThrows(IllegalArgumentException.class,
        () -> new RegistryRecord(Instant.EPOCH, "admin", null, null, digest));
    assertEquals("{\"action\":\"mode\",\"actor\":\"admin\",\"declaration_digest\":\"sha-256=:AAAA:\","
        + "\"kind\":\"registry\",\"time\":\"1970-01-01T00:00:00Z\"}",
        AuditRecord.of(new RegistryRecord(Instant.EPOCH, "admin", RegistryRecord.Action.MODE, null, digest)).json());
  }

  private static JsonObject withoutTwin(JsonObject json) {
    JsonObject copy = json.copy();
    copy.remove("twin");
    return copy;
  }
}
