package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The limits agree with the schema they are read from: at every boundary, a value the limits
 * accept makes a record that {@link AuditRecord#parse} accepts, and a value they refuse one it
 * refuses.
 */
class RecordLimitsTest {

  private static final String A512 = "a".repeat(512);
  private static final String EMOJI = "\ud83d\ude02";

  @Test
  void id_atEveryBoundary_agreesWithSchemaValidation() {
    List<String> values = List.of("", "a", A512, A512 + "a", EMOJI.repeat(512), EMOJI.repeat(513),
        "a\nb", "abc\n", "\u001f", "x\u007f", "a b", "spiffe://city.example/twin/hvac-room-1");
    agree(values, RecordLimits.ID::accepts, (json, v) -> json.put("decision_id", v));
    agree(values, RecordLimits.ID::accepts, (json, v) -> json.put("subjects", new JsonArray().add(v)));
    agree(values, RecordLimits.ID::accepts, (json, v) -> json.put("caller", v));
  }

  @Test
  void message_atEveryBoundary_agreesWithSchemaValidation() {
    agree(List.of("", "x".repeat(2048), "x".repeat(2049), EMOJI.repeat(2048), "line\nbreak\u0000"),
        RecordLimits.MESSAGE::accepts,
        (json, v) -> json.put("reasons", new JsonArray().add(
            new JsonObject().put("policy", "privacy").put("code", "c").put("message", v))));
  }

  @Test
  void digest_atEveryBoundary_agreesWithSchemaValidation() {
    agree(List.of("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", "sha-512=:AAAA:", "md5=:AAAA:",
            "sha-256=:AAAA:\n", "sha-256=AAAA", "sha-256=:AAAA===:", "sha-256=::"),
        RecordLimits.DIGEST::accepts, (json, v) -> json.put("request_digest", v));
  }

  @Test
  void time_atEveryBoundary_agreesWithSchemaValidation() {
    agree(List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123456789Z", "2026-01-01T00:00:00+01:00",
            "+10000-01-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00Z\n"),
        RecordLimits.TIME::accepts, (json, v) -> json.put("time", v));
  }

  @Test
  void choices_everyValueAndAnUnknownOne_agreeWithSchemaValidation() {
    List<String> policies = new ArrayList<>(RecordLimits.POLICY.values());
    policies.add("gossip");
    agree(policies, RecordLimits.POLICY::accepts, (json, v) -> json.put("reasons", new JsonArray().add(
        new JsonObject().put("policy", v).put("code", "c").put("message", "m"))));
    List<String> kinds = new ArrayList<>(RecordLimits.BLOCK_KIND.values());
    kinds.add("Data");
    agree(kinds, RecordLimits.BLOCK_KIND::accepts,
        (json, v) -> json.put("block", new JsonObject().put("kind", v).put("name", "climate")));
    List<String> verdicts = new ArrayList<>(RecordLimits.VERDICT.values());
    verdicts.add("maybe");
    agree(verdicts, RecordLimits.VERDICT::accepts, (json, v) -> json.put("decision", v));
  }

  @Test
  void status_atEveryBoundary_agreesWithSchemaValidation() {
    for (int status : new int[] {99, 100, 599, 600}) {
      JsonObject json = TestRecords.decisionJson(1).put("status", status).put("upstream_status", status);
      assertEquals(RecordLimits.STATUS.accepts(status), valid(json), "status " + status);
      assertEquals(RecordLimits.UPSTREAM_STATUS.accepts(status), RecordLimits.STATUS.accepts(status));
    }
  }

  @Test
  void limits_areTheSchemasNumbers() {
    assertAll(
        () -> assertEquals(1, RecordLimits.ID.minLength()),
        () -> assertEquals(512, RecordLimits.ID.maxLength()),
        () -> assertEquals(2048, RecordLimits.MESSAGE.maxLength()),
        () -> assertEquals(new RecordLimits.Range(100, 599), RecordLimits.STATUS),
        () -> assertEquals(Set.of("decision", "forwarding", "consent", "registry", "policy"),
            RecordLimits.KIND.values()),
        () -> assertEquals(Set.of("upload", "activate", "rollback"), RecordLimits.POLICY_ACTION.values()),
        () -> assertEquals(Set.of("mtls", "oidc"), RecordLimits.AUTH.values()),
        () -> assertEquals(Set.of("normal", "emergency"), RecordLimits.MODE.values()),
        () -> assertEquals(new RecordLimits.Range(0, Integer.MAX_VALUE), RecordLimits.CONSENT_REF_VERSION),
        () -> assertEquals(new RecordLimits.Range(0, Integer.MAX_VALUE), RecordLimits.PRIORITY),
        () -> assertEquals(Set.of("put", "delete", "mode"), RecordLimits.REGISTRY_ACTION.values()));
  }

  @Test
  void javaEnums_nameExactlyTheSchemasValues() {
    assertEquals(RecordLimits.VERDICT.values(), Set.copyOf(
        Arrays.stream(DecisionRecord.Verdict.values()).map(DecisionRecord.Verdict::wireName).toList()));
    assertEquals(RecordLimits.REGISTRY_ACTION.values(), Set.copyOf(
        Arrays.stream(RegistryRecord.Action.values()).map(RegistryRecord.Action::wireName).toList()));
  }

  @Test
  void check_refusedValue_namesTheFieldButNotTheValue() {
    IllegalArgumentException tooLong =
        assertThrows(IllegalArgumentException.class, () -> RecordLimits.ID.check("secret" + A512, "purpose"));
    IllegalArgumentException control =
        assertThrows(IllegalArgumentException.class, () -> RecordLimits.ID.check("secret\n", "Twin-Purpose"));
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> RecordLimits.DIGEST.check(null, "request_digest"));
    IllegalArgumentException choice =
        assertThrows(IllegalArgumentException.class, () -> RecordLimits.POLICY.check("secret", "reason.policy"));

    assertTrue(tooLong.getMessage().startsWith("purpose: longer than 512"), tooLong.getMessage());
    assertTrue(control.getMessage().startsWith("Twin-Purpose: "), control.getMessage());
    assertTrue(missing.getMessage().startsWith("request_digest: required"), missing.getMessage());
    assertTrue(choice.getMessage().startsWith("reason.policy: must be one of"), choice.getMessage());
    for (IllegalArgumentException e : List.of(tooLong, control, choice)) {
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }

  @Test
  void text_unpairedSurrogate_isRefusedThoughThePatternAllowsIt() {
    // RFC 8785 cannot encode it; stricter than the schema on purpose
    assertFalse(RecordLimits.ID.accepts("a\ud800"));
    assertFalse(RecordLimits.MESSAGE.accepts("\udc00"));
    assertTrue(RecordLimits.ID.accepts("a" + EMOJI));
    assertEquals("ok", RecordLimits.ID.checkOptional("ok", "caller"));
    assertEquals(null, RecordLimits.ID.checkOptional(null, "caller"));
  }

  /** For each value: the limit accepts it exactly when the schema accepts a record holding it. */
  private static void agree(
      List<String> values, java.util.function.Predicate<String> limit, BiConsumer<JsonObject, String> put) {
    List<Executable> checks = new ArrayList<>();
    for (String value : values) {
      JsonObject json = TestRecords.decisionJson(1);
      put.accept(json, value);
      checks.add(() -> assertEquals(limit.test(value), valid(json), () -> "value " + json.encode()));
    }
    assertAll(checks);
  }

  private static boolean valid(JsonObject json) {
    try {
      AuditRecord.parse(json.encode());
      return true;
    } catch (InvalidRecordException e) {
      return false;
    }
  }
}
