package io.twinguard.broker.call;

import java.util.Objects;

/**
 * The caller is known: a registered twin, authenticated.
 *
 * @param ingress what the broker received
 * @param catalog the registry snapshot the whole call resolves against
 * @param caller who calls
 */
public record Authenticated(Ingress ingress, Catalog catalog, Caller caller) implements Stage {
  public Authenticated {
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(caller, "caller");
  }

  @Override
  public void describe(RecordDraft draft) {
    ingress.describe(draft);
    draft.caller(caller.id());
  }
}
