package io.twinguard.broker.refusal;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.policies.Decision;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The policies denied the call.
 *
 * @param deny the decision, with its reasons and the obligations that would remedy it
 * @param consents the ids of the consent records the policies saw
 * @param input what rebuilds the policy input for replay, or null when unknown
 */
public record Denied(Decision.Deny deny, List<String> consents, DecisionRecord.PolicyInputRef input) implements Refusal {
  public Denied {
    Objects.requireNonNull(deny, "deny");
    consents = List.copyOf(consents);
  }

  @Override
  public Problem problem() {
    JsonArray reasons = new JsonArray();
    deny.reasons().forEach(r -> reasons.add(
        new JsonObject().put("policy", r.policy()).put("code", r.code()).put("message", r.message())));
    JsonArray remedies = new JsonArray();
    deny.obligations().forEach(o -> remedies.add(o.toJson()));
    String detail = String.join("; ", deny.reasons().stream().map(r -> r.policy() + ": " + r.message()).toList());
    return new Problem(ProblemType.DENIED, detail, Map.of("reasons", reasons, "obligations", remedies));
  }
}
