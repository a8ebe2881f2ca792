package io.twinguard.broker.call;

/**
 * A value one step of the pipeline hands to the next, immutable. Each stage holds the one before
 * it, so the latest stage a call reached knows everything the broker established about the call;
 * that is what its audit record says, whether the call was released or refused.
 */
public interface Stage {

  /** What the broker received. */
  Ingress ingress();

  /** Writes what this stage and those before it established into {@code draft}. */
  void describe(RecordDraft draft);
}
