package io.twinguard.broker.call;

import java.util.Objects;

/**
 * A request outside the call pipeline whose asker is known (an administrator's certificate was
 * validated): its record names who asked.
 *
 * @param ingress what the broker received
 * @param caller the asker's SPIFFE ID
 */
public record Identified(Ingress ingress, String caller) implements Stage {
  public Identified {
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(caller, "caller");
  }

  @Override
  public void describe(RecordDraft draft) {
    ingress.describe(draft);
    draft.caller(caller);
  }
}
