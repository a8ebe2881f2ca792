package io.twinguard.policies.explain;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real decisions of the bundled policies on the seed paper's examples, explained with the jar's rule index. */
class ExplanationTest {

  static Vertx vertx;
  static InProcessPolicyEngine engine;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    engine = await(InProcessPolicyEngine.startDetached(vertx, Bundle.fromFiles(BundleFiles.bundled()),
        Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  @Test
  void of_employerAskingForHealthData_namesTheEthicsRuleItsLineAndWhy() throws Exception {
    Decision decision = await(engine.decide(example("uc6-employer-health.json")));
    RuleIndex index = RuleIndex.bundled();

    Explanation explanation = Explanation.of(decision, index);

    assertEquals("deny", explanation.outcome());
    assertEquals("Denied by the ethics policy.", explanation.summary());
    Explanation.Item reason = explanation.reasons().get(0);
    RuleSite site = index.reason("ethics", "power_imbalance").get(0);
    assertEquals(List.of(site), reason.sites());
    assertTrue(reason.text().startsWith("The ethics policy refused the call: "), reason.text());
    assertTrue(reason.text().contains("Rule data.twinguard.ethics.deny (twinguard/ethics/ethics.rego, line "
        + site.line() + "): " + site.description()), reason.text());
    assertTrue(explanation.toText().contains("(policy revision " + decision.revision() + ")"));
  }

  @Test
  void of_allowedBookingWithConsent_saysAllowedAndWhatTheSubjectIsTold() throws Exception {
    Decision decision = await(engine.decide(example("uc6-building-booking.json")));

    Explanation explanation = Explanation.of(decision, RuleIndex.bundled());

    assertEquals("allow", explanation.outcome());
    assertTrue(explanation.reasons().isEmpty());
    assertTrue(explanation.obligations().stream().anyMatch(o -> o.code().equals("notify_subject")
        && o.text().startsWith("Data subject ") && o.text().contains("data.twinguard.privacy.obligations")),
        explanation.toJson().encodePrettily());
  }

  @Test
  void of_reasonTheIndexDoesNotKnow_saysSoWithTheRevision() throws Exception {
    Decision decision = await(engine.decide(example("uc6-employer-health.json")));

    Explanation explanation = Explanation.of(decision, RuleIndex.empty());

    assertTrue(explanation.reasons().get(0).text().endsWith("(the rule behind it is not known for revision "
        + decision.revision() + ")"), explanation.reasons().get(0).text());
  }
}
