package io.twinguard.broker.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.policies.Decision;
import io.twinguard.policies.Obligation;
import io.twinguard.policies.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionDiffTest {

  static final Reason CONSENT = new Reason("privacy", "consent_missing", "no consent");
  static final Reason EXPORT = new Reason("ip", "export_forbidden", "the model stays home");
  static final Obligation REDACT = Obligation.fromJson(new JsonObject().put("type", "redact")
      .put("fields", new JsonArray().add("/occupant")));

  static Decision.Allow allow(int priority, Obligation... obligations) {
    return new Decision.Allow(List.of(obligations), priority, "rev-1");
  }

  static Decision.Deny deny(Reason... reasons) {
    return new Decision.Deny(List.of(reasons), List.of(), "rev-2");
  }

  @Test
  void between_sameAllowanceFromAnotherRevision_agrees() {
    assertEquals(Optional.empty(), DecisionDiff.between(allow(40, REDACT),
        new Decision.Allow(List.of(REDACT), 40, "rev-9")));
  }

  @Test
  void between_sameReasonsInAnotherOrderWithOtherMessages_agrees() {
    assertEquals(Optional.empty(), DecisionDiff.between(deny(CONSENT, EXPORT),
        deny(EXPORT, new Reason("privacy", "consent_missing", "worded otherwise"))));
  }

  @Test
  void between_allowThenDeny_isAllowToDenyUnderTheFirstNewReason() {
    DecisionDiff diff = DecisionDiff.between(allow(0), deny(CONSENT, EXPORT)).orElseThrow();

    assertEquals(new DecisionDiff(DecisionDiff.ALLOW_TO_DENY, "privacy", "consent_missing",
        List.of("ip/export_forbidden", "privacy/consent_missing"), List.of()), diff);
  }

  @Test
  void between_denyThenAllow_isDenyToAllowUnderTheLiftedReason() {
    DecisionDiff diff = DecisionDiff.between(deny(EXPORT), allow(0)).orElseThrow();

    assertEquals(new DecisionDiff(DecisionDiff.DENY_TO_ALLOW, "ip", "export_forbidden", List.of(),
        List.of("ip/export_forbidden")), diff);
  }

  @Test
  void between_denialsWithOtherReasons_isReasonsChangedWithAddedAndRemoved() {
    DecisionDiff diff = DecisionDiff.between(deny(CONSENT), deny(EXPORT)).orElseThrow();

    assertEquals(new DecisionDiff(DecisionDiff.REASONS_CHANGED, "ip", "export_forbidden",
        List.of("ip/export_forbidden"), List.of("privacy/consent_missing")), diff);
  }

  @Test
  void between_allowancesWithOtherObligations_isObligationsChangedByType() {
    DecisionDiff diff = DecisionDiff.between(allow(0), allow(0, REDACT)).orElseThrow();

    assertEquals(DecisionDiff.OBLIGATIONS_CHANGED, diff.kind());
    assertEquals("redact", diff.code());
    assertEquals(List.of("{\"fields\":[\"/occupant\"],\"type\":\"redact\"}"), diff.added());
  }

  @Test
  void between_allowancesWithOtherPriority_isPriorityChanged() {
    DecisionDiff diff = DecisionDiff.between(allow(40), allow(90)).orElseThrow();

    assertEquals(new DecisionDiff(DecisionDiff.PRIORITY_CHANGED, "safety", "priority", List.of("90"), List.of("40")),
        diff);
  }

  @Test
  void between_undecided_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> DecisionDiff.between(allow(0), new Decision.Undecided("timed out", "rev-1")));
  }
}
