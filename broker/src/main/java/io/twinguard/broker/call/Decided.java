package io.twinguard.broker.call;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.policies.Decision;
import java.util.List;
import java.util.Objects;

/**
 * The policies allowed the call.
 *
 * @param verified the stage before
 * @param allow the decision, with its obligations and actuation priority
 * @param consents the ids of the consent records the policies saw
 * @param input what rebuilds the policy input for replay, or null when unknown
 */
public record Decided(Verified verified, Decision.Allow allow, List<String> consents,
    DecisionRecord.PolicyInputRef input) implements Stage {
  public Decided {
    Objects.requireNonNull(verified, "verified");
    Objects.requireNonNull(allow, "allow");
    consents = List.copyOf(consents);
  }

  /** An allowed call without what rebuilds its input. */
  public Decided(Verified verified, Decision.Allow allow, List<String> consents) {
    this(verified, allow, consents, null);
  }

  @Override
  public Ingress ingress() {
    return verified.ingress();
  }

  public Resolved resolved() {
    return verified.resolved();
  }

  @Override
  public void describe(RecordDraft draft) {
    verified.describe(draft);
    draft.consents(consents).bundleRevision(allow.revision()).policyInput(input);
  }
}
