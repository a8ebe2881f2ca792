package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link PolicyEngine} must do, run against each implementation: the seed paper's use
 * cases UC5 and UC6 (policies/examples), fail-closed handling of bad input, and the revision.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolicyEngineContract {

  private Vertx vertx;
  private PolicyEngine engine;

  /** Starts the engine under test (and whatever it needs). */
  abstract PolicyEngine start(Vertx vertx) throws Exception;

  /** Stops what {@link #start} started besides the engine. */
  void stopBackend() {}

  @BeforeAll
  void startEngine() throws Exception {
    vertx = Vertx.vertx();
    engine = start(vertx);
  }

  @AfterAll
  void stopEngine() throws Exception {
    engine.close();
    stopBackend();
    await(vertx.close());
  }

  private Decision decide(String example) throws Exception {
    Decision decision = await(engine.decide(example(example)));
    assertEquals(List.of(), PolicyInputSchema.problems(example(example).encode()), example + " follows the schema");
    return decision;
  }

  private static void assertDeniedBy(Decision decision, String policy, String code) {
    Decision.Deny deny = assertInstanceOf(Decision.Deny.class, decision);
    assertEquals(List.of(policy + "/" + code), deny.reasons().stream().map(r -> r.policy() + "/" + r.code()).toList());
  }

  @Test
  void uc5_fireSystemCommandsDoors_allowedWithPriority100() throws Exception {
    assertEquals(100, assertInstanceOf(Decision.Allow.class, decide("uc5-fire-doors.json")).priority());
  }

  @Test
  void uc5_hvacCommandsSameDoors_allowedWithLowerPriority40() throws Exception {
    assertEquals(40, assertInstanceOf(Decision.Allow.class, decide("uc5-hvac-doors.json")).priority());
  }

  @Test
  void uc5_fireSystemCommandsDoorsInEmergency_allowed() throws Exception {
    assertEquals(100, assertInstanceOf(Decision.Allow.class, decide("uc5-fire-doors-emergency.json")).priority());
  }

  @Test
  void uc5_hvacCommandsDoorsInEmergency_deniedBySafety() throws Exception {
    assertDeniedBy(decide("uc5-hvac-doors-emergency.json"), "safety", "emergency_lockout");
  }

  @Test
  void uc6_citizenSharesClaustrophobiaWithBuildingForBooking_allowedAndSubjectNotified() throws Exception {
    Decision.Allow allow = assertInstanceOf(Decision.Allow.class, decide("uc6-building-booking.json"));
    assertEquals(List.of("notify_subject", "redact"), allow.obligations().stream().map(Obligation::type).toList());
    assertEquals("/home/address", allow.obligations().get(1).fields().getJsonArray("fields").getString(0));
  }

  @Test
  void uc6_employerAsksForClaustrophobiaWithConsent_deniedByEthics() throws Exception {
    assertDeniedBy(decide("uc6-employer-health.json"), "ethics", "power_imbalance");
  }

  @Test
  void uc6_elevatorProfilesPassengersForAdsWithoutExplicitConsent_deniedByEthics() throws Exception {
    assertDeniedBy(decide("uc6-elevator-ads.json"), "ethics", "profiling_without_explicit_consent");
  }

  @Test
  void decide_recordsTheBundleRevision() throws Exception {
    Decision decision = decide("uc5-fire-doors.json");
    assertEquals(Bundle.fromFiles(BundleFiles.bundled()).revision(), decision.revision());
    assertEquals(engine.revision(), decision.revision());
  }

  @Test
  void decide_emptyInput_deniedAsInvalidInput() throws Exception {
    assertDeniedBy(await(engine.decide(new JsonObject())), "input", "invalid_input");
  }

  @Test
  void decide_unparsableConsentExpiry_consentIsMissingNotAnError() throws Exception {
    JsonObject input = example("uc6-building-booking.json");
    input.getJsonArray("consents").getJsonObject(0).put("expires", "next year");
    assertDeniedBy(await(engine.decide(input)), "privacy", "consent_missing");
  }

  @Test
  void decide_deniedForMissingConsent_requestsConsent() throws Exception {
    JsonObject input = example("uc6-building-booking.json").put("consents", new JsonArray());
    Decision.Deny deny = assertInstanceOf(Decision.Deny.class, await(engine.decide(input)));
    assertEquals(List.of("request_consent"), deny.obligations().stream().map(Obligation::type).toList());
    assertEquals(true, deny.obligations().get(0).fields().getBoolean("explicit"));
  }
}
