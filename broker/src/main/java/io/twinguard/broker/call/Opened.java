package io.twinguard.broker.call;

import io.twinguard.broker.forward.EventStream;
import java.util.Objects;

/**
 * An allowed subscription whose event stream at the target is open.
 *
 * @param decided the subscription's decision
 * @param stream the target's event stream
 */
public record Opened(Decided decided, EventStream stream) implements Stage {
  public Opened {
    Objects.requireNonNull(decided, "decided");
    Objects.requireNonNull(stream, "stream");
  }

  @Override
  public Ingress ingress() {
    return decided.ingress();
  }

  @Override
  public void describe(RecordDraft draft) {
    decided.describe(draft);
    draft.artefact(stream.artefact());
  }
}
