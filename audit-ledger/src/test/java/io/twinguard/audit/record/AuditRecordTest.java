package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  @Test
  void parse_validDecision_isCanonicalJson() throws InvalidRecordException {
    String json = "{ \"time\": \"2026-01-01T00:00:00Z\", \"kind\": \"consent\" }";

    AuditRecord record = AuditRecord.parse(json);

    assertEquals("{\"kind\":\"consent\",\"time\":\"2026-01-01T00:00:00Z\"}", record.json());
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
}
