package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionRecordTest {

  static Stream<Arguments> invalidComponents() {
    return Stream.of(
        invalid("decision_id", b -> b.decisionId = null),
        invalid("decision_id", b -> b.decisionId = "x".repeat(513)),
        invalid("time", b -> b.time = null),
        invalid("time", b -> b.time = Instant.parse("+10000-01-01T00:00:00Z")),
        invalid("caller", b -> b.caller = ""),
        invalid("target", b -> b.target = "a\nb"),
        invalid("operation", b -> b.operation = "\u0000"),
        invalid("purpose", b -> b.purpose = "p".repeat(600)),
        invalid("subjects", b -> b.subjects = null),
        invalid("subjects[1]", b -> b.subjects = List.of("s-1", "s-1")),
        invalid("subjects[0]", b -> b.subjects = Arrays.asList((String) null)),
        invalid("data_categories[0]", b -> b.dataCategories = List.of("")),
        invalid("consents[2]", b -> b.consents = List.of("c-1", "c-2", "c\u0007")),
        invalid("bundle_revision", b -> b.bundleRevision = "rev\t1"),
        invalid("request_digest", b -> b.requestDigest = null),
        invalid("request_digest", b -> b.requestDigest = "md5=:AAAA:"),
        invalid("decision", b -> b.decision = null),
        invalid("status", b -> b.status = 99),
        invalid("status", b -> b.status = 600),
        invalid("problem", b -> b.problem = URI.create("/problems/denied")),
        invalid("upstream_status", b -> b.upstreamStatus = 1000),
        invalid("response_digest", b -> b.responseDigest = "sha-256=AAAA"),
        invalid("artefact", b -> b.artefact = "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"),
        invalid("artefact", b -> b.artefact = "sha-256:" + "AB".repeat(32)),
        invalid("reasons", b -> b.reasons = null),
        invalid("reasons[0]", b -> b.reasons = Arrays.asList((DecisionRecord.Reason) null)),
        invalid("obligations", b -> b.obligations = null),
        invalid("obligations[0].type", b -> b.obligations = List.of(new JsonObject().put("fields", "x"))),
        invalid("obligations[0].type", b -> b.obligations = List.of(new JsonObject().put("type", 7))),
        invalid("obligations[0].limit", b -> b.obligations = List.of(
            new JsonObject().put("type", "rate_limit").put("limit", Double.NaN))),
        invalid("obligations[0].when", b -> b.obligations = List.of(
            new JsonObject().put("type", "notify").put("when", Instant.EPOCH))),
        invalid("obligations[0].to[1]", b -> b.obligations = List.of(
            new JsonObject().put("type", "notify").put("to", new JsonArray().add("a").add("\ud800")))),
        invalid("policy_input.consents", b -> b.consents = List.of("consent-2")),
        invalid("policy_input.consents", b -> b.consents = List.of()));
  }

  private static Arguments invalid(String field, Consumer<DecisionBuilder> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidComponents")
  void constructor_invalidComponent_throwsNamingTheField(String field, Consumer<DecisionBuilder> change) {
    DecisionBuilder builder = new DecisionBuilder();
    change.accept(builder);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);

    assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
  }

  @Test
  void nestedValues_invalidComponent_throwsNamingTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DecisionRecord.BlockRef("thing", "x"))
        .getMessage().startsWith("block.kind:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DecisionRecord.BlockRef("data", ""))
        .getMessage().startsWith("block.name:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DecisionRecord.Reason("law", "c", "m"))
        .getMessage().startsWith("reason.policy:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DecisionRecord.Reason("ip", "c", "m".repeat(2049)))
        .getMessage().startsWith("reason.message:"));
  }

  @Test
  void policyInputRef_invalidComponent_throwsNamingTheField() {
    String digest = new DecisionBuilder().requestDigest;
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new DecisionRecord.PolicyInputRef("password", "normal", digest, List.of()))
        .getMessage().startsWith("policy_input.auth:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new DecisionRecord.PolicyInputRef("mtls", "panic", digest, List.of()))
        .getMessage().startsWith("policy_input.mode:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new DecisionRecord.PolicyInputRef("mtls", "normal", "rev-1", List.of()))
        .getMessage().startsWith("policy_input.registry:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DecisionRecord.ConsentVersion("c-1", -1))
        .getMessage().startsWith("policy_input.consents[].version:"));
  }

  @Test
  void of_withPolicyInput_isTheLeafParseMakesOfTheSameFacts() throws InvalidRecordException {
    AuditRecord typed = AuditRecord.of(new DecisionBuilder().build());

    AuditRecord parsed = AuditRecord.parse(typed.json());

    assertEquals(parsed.json(), typed.json());
    assertEquals(new JsonObject().put("auth", "mtls")
        .put("consents", new JsonArray().add(new JsonObject().put("id", "consent-1").put("version", 3)))
        .put("mode", "normal").put("registry", new DecisionBuilder().requestDigest),
        new JsonObject(typed.json()).getJsonObject("policy_input"));
  }

  @Test
  void of_withoutPolicyInput_leavesItOut() {
    DecisionBuilder b = new DecisionBuilder();
    b.policyInput = null;

    assertTrue(!new JsonObject(AuditRecord.of(b.build()).json()).containsKey("policy_input"));
  }

  @Test
  void constructor_refusedBeforeAuthentication_acceptsNullsWhereTheSchemaDoes() {
    DecisionBuilder b = new DecisionBuilder();
    b.caller = null;
    b.target = null;
    b.block = null;
    b.operation = null;
    b.purpose = null;
    b.bundleRevision = null;
    b.subjects = List.of();
    b.dataCategories = List.of();
    b.consents = List.of();
    b.policyInput = null;
    b.reasons = List.of();
    b.obligations = List.of();
    b.decision = DecisionRecord.Verdict.REFUSED;
    b.status = 401;

    DecisionRecord record = b.build();

    assertEquals(null, record.caller());
  }

  @Test
  void constructor_inputsChangedAfterwards_recordUnchanged() {
    DecisionBuilder b = new DecisionBuilder();
    List<String> subjects = new ArrayList<>(List.of("s-1"));
    JsonObject obligation = new JsonObject().put("type", "redact").put("fields", new JsonArray().add("name"));
    b.subjects = subjects;
    b.obligations = new ArrayList<>(List.of(obligation));
    DecisionRecord record = b.build();

    subjects.add("s-2");
    obligation.getJsonArray("fields").add("room");
    record.obligations().get(0).put("type", "nothing");

    assertEquals(List.of("s-1"), record.subjects());
    assertEquals(new JsonObject().put("type", "redact").put("fields", new JsonArray().add("name")),
        record.obligations().get(0));
    assertThrows(UnsupportedOperationException.class, () -> record.subjects().add("s-3"));
  }
}
