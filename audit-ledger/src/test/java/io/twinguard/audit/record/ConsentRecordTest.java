package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentRecordTest {

  private static final String DIGEST = "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:";

  private static ConsentRecord record(ConsentRecord.Event event, String twin) {
    return new ConsentRecord(Instant.parse("2026-03-01T10:00:00.25Z"), "consent-1", 2, "citizen-ada",
        "city-buildings", event, "citizen-ada", twin, DIGEST);
  }

  @Test
  void of_everyEvent_isTheLeafParseMakesOfTheSameFacts() throws InvalidRecordException {
    for (ConsentRecord.Event event : ConsentRecord.Event.values()) {
      AuditRecord typed = AuditRecord.of(record(event, event.isNotice() ? "spiffe://city.example/twin/b" : null));

      AuditRecord parsed = AuditRecord.parse(typed.json());

      assertEquals(parsed.json(), typed.json());
      assertEquals(parsed.fields(), typed.fields());
    }
  }

  @Test
  void of_consentRecord_namesItsSubjectForQueries() {
    AuditRecord record = AuditRecord.of(record(ConsentRecord.Event.WITHDRAWN, null));

    assertEquals("consent", record.fields().kind());
    assertEquals(List.of("citizen-ada"), record.fields().subjects());
    assertEquals(2, new JsonObject(record.json()).getInteger("version"));
  }

  @Test
  void new_noticeWithoutTwinOrChangeWithTwin_isRefused() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> record(ConsentRecord.Event.NOTICE_CONFIRMED, null));
    IllegalArgumentException extra = assertThrows(
        IllegalArgumentException.class, () -> record(ConsentRecord.Event.GIVEN, "spiffe://city.example/twin/b"));

    assertTrue(missing.getMessage().startsWith("twin:"), missing.getMessage());
    assertTrue(extra.getMessage().startsWith("twin:"), extra.getMessage());
  }

  @Test
  void new_versionZeroOrBadDigest_isRefusedNamingTheField() {
    IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
        () -> new ConsentRecord(Instant.EPOCH, "c", 0, "s", "o", ConsentRecord.Event.GIVEN, "s", null, DIGEST));
    IllegalArgumentException digest = assertThrows(IllegalArgumentException.class,
        () -> new ConsentRecord(Instant.EPOCH, "c", 1, "s", "o", ConsentRecord.Event.GIVEN, "s", null, "md5=:AA:"));

    assertTrue(version.getMessage().startsWith("version:"), version.getMessage());
    assertTrue(digest.getMessage().startsWith("record_digest:"), digest.getMessage());
  }

  @Test
  void parse_noticeWithoutTwin_isRefusedBySchema() {
    JsonObject json = new JsonObject(AuditRecord.of(record(ConsentRecord.Event.NOTICE_UNCONFIRMED, "t")).json());
    json.remove("twin");

    assertThrows(InvalidRecordException.class, () -> AuditRecord.parse(json.encode()));
  }

  @Test
  void events_areTheSchemasEnum() {
    assertEquals(RecordLimits.CONSENT_EVENT.values(),
        Set.copyOf(Arrays.stream(ConsentRecord.Event.values()).map(ConsentRecord.Event::wireName).toList()));
  }
}
