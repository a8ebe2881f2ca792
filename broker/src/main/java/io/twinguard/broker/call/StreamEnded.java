package io.twinguard.broker.call;

import java.util.Objects;
import java.util.Optional;

/**
 * An allowed subscription whose event stream broke off (its source went away, its subscriber fell
 * behind): what the record of that end is made of.
 *
 * @param verified the subscription as a call of its own, with a decision id of its own
 * @param artefact the artefact that produced the stream's events, for a stream through an adapter
 */
public record StreamEnded(Verified verified, Optional<String> artefact) implements Stage {
  public StreamEnded {
    Objects.requireNonNull(verified, "verified");
    Objects.requireNonNull(artefact, "artefact");
  }

  @Override
  public Ingress ingress() {
    return verified.ingress();
  }

  @Override
  public void describe(RecordDraft draft) {
    verified.describe(draft);
    draft.artefact(artefact);
  }
}
