package io.twinguard.policies;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Decides a call by evaluating {@code data.twinguard.decision.result} for an input that follows
 * {@code schema/input.schema.json}.
 *
 * <p>Guarantees: {@link #decide} never fails and never blocks the calling event loop. An engine
 * that errs, times out or has no bundle yields a {@link Decision.Deny} with the reason code
 * {@link Decision#POLICY_UNAVAILABLE} (policy {@code engine}): it fails closed.
 */
public interface PolicyEngine extends AutoCloseable {

  /** The data document path the engines evaluate. */
  String ENTRYPOINT = "twinguard/decision/result";

  /** Decides one call; the returned future always succeeds. */
  Future<Decision> decide(JsonObject input);

  /** The revision of the active bundle, {@code "none"} before one is active. */
  String revision();

  /** Releases what the engine holds; decisions asked afterwards are denied. */
  @Override
  void close();
}
