package io.twinguard.broker.call;

import java.util.Objects;

/**
 * The call is authentic and well formed: its signature verified where one is required or given,
 * and its payload satisfies the operation's schema.
 *
 * @param resolved the stage before
 * @param signed whether the caller's HTTP message signature was verified
 */
public record Verified(Resolved resolved, boolean signed) implements Stage {
  public Verified {
    Objects.requireNonNull(resolved, "resolved");
  }

  @Override
  public Ingress ingress() {
    return resolved.ingress();
  }

  @Override
  public void describe(RecordDraft draft) {
    resolved.describe(draft);
    draft.signed(signed);
  }
}
