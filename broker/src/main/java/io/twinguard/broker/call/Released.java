package io.twinguard.broker.call;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The answer the caller may receive: the target's, after the decision's obligations.
 *
 * @param forwarded the stage before
 * @param outcome the answer as released
 * @param obligations the obligations applied or recorded for the consent service
 * @param responseDigest the RFC 9530 digest of the released body
 */
public record Released(Forwarded forwarded, Outcome.Released outcome, List<JsonObject> obligations, String responseDigest)
    implements Stage {
  public Released {
    Objects.requireNonNull(forwarded, "forwarded");
    Objects.requireNonNull(outcome, "outcome");
    obligations = obligations.stream().map(JsonObject::copy).toList();
    Objects.requireNonNull(responseDigest, "responseDigest");
  }

  @Override
  public Ingress ingress() {
    return forwarded.ingress();
  }

  @Override
  public List<JsonObject> obligations() {
    return obligations.stream().map(JsonObject::copy).toList();
  }

  @Override
  public void describe(RecordDraft draft) {
    forwarded.describe(draft);
    draft.obligations(obligations).responseDigest(responseDigest);
  }
}
