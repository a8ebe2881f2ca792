package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link PolicyEngine} must do, run against each implementation: the seed paper's use
 * cases UC5 and UC6 (policies/examples), fail-closed handling of bad input, the revision, and no
 * decision (never an allow) when the policies give no valid answer or the engine is closed. Every
 * decision is asked twice, from the test's thread and from a caller on an event loop, and both
 * answers must be the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolicyEngineContract {

  private Vertx vertx;
  private PolicyEngine engine;
  private Context loop;

  /** An engine on the repository's policies (the backend it needs started, if any). */
  abstract PolicyEngine start(Vertx vertx) throws Exception;

  /** An engine on the Rego policies in {@code sources}, a bundle of {@code revision}. */
  abstract PolicyEngine startOn(Vertx vertx, Path sources, String revision, Path work) throws Exception;

  /** Stops whatever the engines needed besides themselves. */
  void stopBackend() {}

  @BeforeAll
  void startEngine() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    engine = start(vertx);
    // asked from the test's thread, this is a new context on one of the event loops
    loop = vertx.getOrCreateContext();
  }

  @AfterAll
  void stopEngine() throws Exception {
    engine.close();
    stopBackend();
    await(vertx.close());
  }

  /** Decides from this thread and from the event loop; both must agree. */
  private Decision decide(PolicyEngine engine, JsonObject input) throws Exception {
    Decision here = await(engine.decide(input));
    Promise<Decision> onLoop = Promise.promise();
    loop.runOnContext(ignored -> engine.decide(input).onComplete(onLoop));
    assertEquals(here, await(onLoop.future()), "the same decision from an event loop");
    return here;
  }

  private Decision decide(String example) throws Exception {
    assertEquals(List.of(), PolicyInputSchema.problems(example(example).encode()), example + " follows the schema");
    return decide(engine, example(example));
  }

  private static void assertDeniedBy(Decision decision, String policy, String code) {
    Decision.Deny deny = assertInstanceOf(Decision.Deny.class, decision);
    assertEquals(List.of(policy + "/" + code), deny.reasons().stream().map(r -> r.policy() + "/" + r.code()).toList());
  }

  private Decision undecidedBy(String rego, String revision, Path dir) throws Exception {
    Path sources = dir.resolve("policy/twinguard/decision");
    Files.createDirectories(sources);
    Files.writeString(sources.resolve("decision.rego"), rego);
    PolicyEngine odd = startOn(vertx, dir, revision, dir);
    try {
      Decision decision = decide(odd, example("uc5-fire-doors.json"));
      assertFalse(decision.allowed());
      return assertInstanceOf(Decision.Undecided.class, decision);
    } finally {
      odd.close();
    }
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
    assertDeniedBy(decide(engine, new JsonObject()), "input", "invalid_input");
  }

  @Test
  void decide_unparsableConsentExpiry_consentIsMissingNotAnError() throws Exception {
    JsonObject input = example("uc6-building-booking.json");
    input.getJsonArray("consents").getJsonObject(0).put("expires", "next year");
    assertDeniedBy(decide(engine, input), "privacy", "consent_missing");
  }

  @Test
  void decide_deniedForMissingConsent_requestsConsent() throws Exception {
    JsonObject input = example("uc6-building-booking.json").put("consents", new JsonArray());
    Decision.Deny deny = assertInstanceOf(Decision.Deny.class, decide(engine, input));
    assertEquals(List.of("request_consent"), deny.obligations().stream().map(Obligation::type).toList());
    assertEquals(true, deny.obligations().get(0).fields().getBoolean("explicit"));
  }

  @Test
  void decide_policyAnswersSomethingElseThanADecision_undecided(@TempDir Path dir) throws Exception {
    Decision decision = undecidedBy("package twinguard.decision\n\nresult := {\"allow\": \"yes\"}\n", "malformed-1", dir);
    assertEquals("malformed-1", decision.revision());
  }

  @Test
  void decide_decisionUndefined_undecided(@TempDir Path dir) throws Exception {
    undecidedBy("package twinguard.decision\n\nresult := {\"allow\": true} if input.never\n", "undefined-1", dir);
  }

  @Test
  void decide_inputThatCannotBeEncoded_undecided() throws Exception {
    JsonObject input = example("uc5-fire-doors.json").put("context", new Object());
    assertInstanceOf(Decision.Undecided.class, decide(engine, input));
  }

  @Test
  void decide_afterClose_undecided() throws Exception {
    PolicyEngine closed = start(vertx);
    closed.close();
    Decision.Undecided undecided = assertInstanceOf(Decision.Undecided.class, decide(closed, example("uc5-fire-doors.json")));
    assertFalse(undecided.why().isBlank());
  }
}
