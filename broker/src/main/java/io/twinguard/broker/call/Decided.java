package io.twinguard.broker.call;

import io.twinguard.policies.Decision;
import java.util.List;
import java.util.Objects;

/**
 * The policies allowed the call.
 *
 * @param verified the stage before
 * @param allow the decision, with its obligations and actuation priority
 * @param consents the ids of the consent records the policies saw
 */
public record Decided(Verified verified, Decision.Allow allow, List<String> consents) implements Stage {
  public Decided {
    Objects.requireNonNull(verified, "verified");
    Objects.requireNonNull(allow, "allow");
    consents = List.copyOf(consents);
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
    draft.consents(consents).bundleRevision(allow.revision());
  }
}
