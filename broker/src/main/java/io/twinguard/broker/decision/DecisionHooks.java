package io.twinguard.broker.decision;

import io.twinguard.broker.call.Catalog;
import io.twinguard.policies.Decision;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What else learns of every policy decision the broker makes, beside the call itself: the facts a
 * decision record refers to (so that its input can be rebuilt for replay and explanations) and
 * the decision with its input (for a shadow engine). Implementations must return at once and never
 * fail: they run on the call's event loop, before the answer goes on, and must not delay or change
 * it; whatever they do takes place off the answer's path.
 */
public interface DecisionHooks {

  /** Does nothing. */
  DecisionHooks NONE = new DecisionHooks() {
    @Override
    public void inputSeen(Catalog catalog, List<JsonObject> consents) {
      // no snapshot store: records refer to snapshots nobody keeps
    }

    @Override
    public void decided(String decisionId, JsonObject input, Decision decision) {
      // no shadow engine
    }
  };

  /**
   * A policy input was built from {@code catalog} (its snapshot, by {@link Catalog#revision}) and
   * {@code consents} (the consent records as the policies saw them, each by id and version).
   */
  void inputSeen(Catalog catalog, List<JsonObject> consents);

  /** The active engine decided {@code input} as {@code decision} for the call {@code decisionId}. */
  void decided(String decisionId, JsonObject input, Decision decision);
}
