package io.twinguard.broker.refusal;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import java.util.List;

/**
 * No policy decision could be made, so nothing was forwarded.
 *
 * @param revision the bundle revision that was asked
 * @param consents the ids of the consent records the engine was given
 * @param input what rebuilds the policy input for replay, or null when none was built
 */
public record PolicyUnavailable(String detail, String revision, List<String> consents,
    DecisionRecord.PolicyInputRef input) implements Refusal {
  public PolicyUnavailable {
    consents = List.copyOf(consents);
  }

  @Override
  public Problem problem() {
    return new Problem(ProblemType.POLICY_UNAVAILABLE, detail);
  }
}
