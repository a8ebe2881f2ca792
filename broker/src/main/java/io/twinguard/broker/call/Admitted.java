package io.twinguard.broker.call;

import java.util.List;
import java.util.Objects;

/**
 * The call's headers are well formed: its purpose and data subjects are known.
 *
 * @param authenticated the stage before
 * @param purpose the DPV purpose the caller declared
 * @param subjects the pseudonymous ids of the data subjects, without duplicates
 */
public record Admitted(Authenticated authenticated, String purpose, List<String> subjects) implements Stage {
  public Admitted {
    Objects.requireNonNull(authenticated, "authenticated");
    Objects.requireNonNull(purpose, "purpose");
    subjects = List.copyOf(subjects);
  }

  @Override
  public Ingress ingress() {
    return authenticated.ingress();
  }

  public Caller caller() {
    return authenticated.caller();
  }

  @Override
  public void describe(RecordDraft draft) {
    authenticated.describe(draft);
    draft.purpose(purpose).subjects(subjects);
  }
}
