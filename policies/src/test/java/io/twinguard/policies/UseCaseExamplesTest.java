package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed paper's use cases UC5 and UC6 (policies/examples) through the in-process engine. */
class UseCaseExamplesTest {

  private static Vertx vertx;
  private static InProcessPolicyEngine engine;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), 2,
        InProcessPolicyEngine.DEFAULT_TIMEOUT));
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  private static Decision decide(String example) throws Exception {
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
    assertTrue(!decision.revision().isBlank(), "the build gives the bundle the project version as revision");
    assertEquals(engine.revision(), decision.revision());
  }
}
