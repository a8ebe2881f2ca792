package io.twinguard.broker.call;

import io.twinguard.broker.forward.Upstream;
import java.util.Objects;

/**
 * The target answered.
 *
 * @param leased the stage before
 * @param upstream what the target answered
 */
public record Forwarded(Leased leased, Upstream upstream) implements Stage {
  public Forwarded {
    Objects.requireNonNull(leased, "leased");
    Objects.requireNonNull(upstream, "upstream");
  }

  @Override
  public Ingress ingress() {
    return leased.ingress();
  }

  public Decided decided() {
    return leased.decided();
  }

  @Override
  public void describe(RecordDraft draft) {
    leased.describe(draft);
    draft.upstreamStatus(upstream.status()).artefact(upstream.artefact());
  }
}
