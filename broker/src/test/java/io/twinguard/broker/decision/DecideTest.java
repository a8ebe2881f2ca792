package io.twinguard.broker.decision;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.twinguard.broker.call.Decided;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.FixedEngine;
import io.twinguard.broker.refusal.Denied;
import io.twinguard.broker.refusal.PolicyUnavailable;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Obligation;
import io.twinguard.policies.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DecideTest {

  static final Decision.Allow ALLOW = new Decision.Allow(List.of(), 40, "rev-1");
  static final ConsentSource ADA_CONSENTED = (subjects, org) -> Future.succeededFuture(subjects.contains("ada")
      ? List.of(new JsonObject().put("id", "consent-1").put("subject", "ada").put("recipient_org", org))
      : List.of());

  final FixedEngine engine = new FixedEngine(ALLOW);

  Decide decide(ConsentSource consents) {
    return new Decide(engine, consents, () -> PolicyInputs.Mode.EMERGENCY, DecisionHooks.NONE);
  }

  @Test
  void apply_allowed_isDecidedWithTheConsentsSeen() {
    Decided decided = value(decide(ADA_CONSENTED).apply(Calls.to("thermostat/data/readings/read").subjects("ada")
        .verified()));

    assertSame(ALLOW, decided.allow());
    assertEquals(List.of("consent-1"), decided.consents());
  }

  @Test
  void apply_asksThePoliciesWithWhatTheBrokerEstablished() {
    value(decide(ADA_CONSENTED).apply(Calls.to("thermostat/data/readings/read").subjects("ada").verified()));

    JsonObject input = engine.inputs.get(0);
    assertEquals("spiffe://test.example/twin/office", input.getJsonObject("caller").getString("id"));
    assertEquals("office-co", input.getJsonObject("caller").getString("org"));
    assertEquals("mtls", input.getJsonObject("caller").getString("auth"));
    assertEquals("spiffe://test.example/twin/thermostat", input.getJsonObject("target").getString("id"));
    assertEquals(List.of("pd:Location"), input.getJsonObject("block").getJsonArray("data_categories").getList());
    assertEquals("dpv:ServiceProvision", input.getString("purpose"));
    assertEquals("consent-1", input.getJsonArray("consents").getJsonObject(0).getString("id"));
    assertEquals("emergency", input.getJsonObject("context").getString("mode"));
    assertEquals("2026-12-01T12:00:00Z", input.getJsonObject("context").getString("time"));
  }

  @Test
  void apply_denied_isRefusedWithTheReasonsAndRemedies() {
    Decision.Deny deny = new Decision.Deny(List.of(new Reason("privacy", "consent_missing", "no consent of ada")),
        List.of(Obligation.fromJson(new JsonObject().put("type", "request_consent").put("subjects", List.of("ada")))),
        "rev-1");
    engine.answer(deny);

    Denied refused = refusal(decide(ADA_CONSENTED).apply(
        Calls.to("thermostat/data/readings/read").subjects("ada").verified()), Denied.class);

    assertSame(deny, refused.deny());
    assertEquals(List.of("consent-1"), refused.consents());
    assertEquals(403, refused.problem().status());
    assertEquals("consent_missing",
        refused.problem().toJson(null).getJsonArray("reasons").getJsonObject(0).getString("code"));
  }

  @Test
  void apply_engineCannotDecide_isPolicyUnavailable() {
    engine.answer(new Decision.Undecided("engine closed", "rev-1"));

    PolicyUnavailable refused = refusal(decide(ADA_CONSENTED).apply(
        Calls.to("thermostat/data/readings/read").verified()), PolicyUnavailable.class);

    assertEquals(503, refused.problem().status());
  }

  @Test
  void apply_consentsUnreadable_isPolicyUnavailableWithoutAskingThePolicies() {
    refusal(decide((subjects, org) -> Future.failedFuture("database down"))
        .apply(Calls.to("thermostat/data/readings/read").subjects("ada").verified()), PolicyUnavailable.class);

    assertEquals(List.of(), engine.inputs);
  }

  /** Ada consented to nothing; it records every consent it was asked for, and can be made to fail. */
  static final class AskedConsents implements ConsentSource {
    final List<JsonObject> asked = new CopyOnWriteArrayList<>();
    final List<String> requesters = new CopyOnWriteArrayList<>();
    boolean failing;

    @Override
    public Future<List<JsonObject>> consentsOf(List<String> subjects, String recipientOrg) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> requestConsent(JsonObject obligation, String requester) {
      asked.add(obligation);
      requesters.add(requester);
      return failing ? Future.failedFuture("database down") : Future.succeededFuture();
    }
  }

  static Decision.Deny consentMissing() {
    return new Decision.Deny(List.of(new Reason("privacy", "consent_missing", "no consent of ada")),
        List.of(Obligation.fromJson(new JsonObject().put("type", "request_consent").put("subject", "ada")
                .put("recipient_org", "office-co").put("purpose", "dpv:ServiceProvision")
                .put("data_categories", List.of("pd:Location")).put("explicit", false)),
            Obligation.fromJson(new JsonObject().put("type", "notify_subject").put("subject", "ada"))),
        "rev-1");
  }

  @Test
  void apply_deniedForMissingConsent_asksTheSubjectOnceAndRefuses() {
    engine.answer(consentMissing());
    AskedConsents consents = new AskedConsents();

    refusal(decide(consents).apply(Calls.to("thermostat/data/readings/read").subjects("ada").verified()),
        Denied.class);

    assertEquals(List.of("ada"), consents.asked.stream().map(o -> o.getString("subject")).toList());
    assertEquals("request_consent", consents.asked.get(0).getString("type"));
    assertEquals(List.of("spiffe://test.example/twin/office"), consents.requesters);
  }

  @Test
  void apply_requestCannotBeRecorded_isStillDenied() {
    engine.answer(consentMissing());
    AskedConsents consents = new AskedConsents();
    consents.failing = true;

    Denied refused = refusal(decide(consents).apply(
        Calls.to("thermostat/data/readings/read").subjects("ada").verified()), Denied.class);

    assertEquals(403, refused.problem().status());
    assertEquals(1, consents.asked.size());
  }

  @Test
  void apply_allowed_asksNobody() {
    AskedConsents consents = new AskedConsents();

    value(decide(consents).apply(Calls.to("thermostat/data/readings/read").subjects("ada").verified()));

    assertEquals(List.of(), consents.asked);
  }
}
