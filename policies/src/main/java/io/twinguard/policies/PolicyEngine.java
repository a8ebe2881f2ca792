package io.twinguard.policies;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Decides a call by evaluating {@code data.twinguard.decision.result} for an input that follows
 * {@code schema/input.schema.json}.
 *
 * <p>Guarantees: the future {@link #decide} returns never fails. An engine that errs, times out,
 * is closed, has no bundle or gets an undefined or malformed result yields
 * {@link Decision.Undecided}, never {@link Decision.Allow}: it fails closed. {@code decide} never
 * blocks the calling thread for longer than the engine's timeout (the in-process engine evaluates
 * on the calling event loop within that bound; see {@link InProcessPolicyEngine}).
 */
public interface PolicyEngine extends AutoCloseable {

  /** The data document path the engines evaluate. */
  String ENTRYPOINT = "twinguard/decision/result";

  /** Decides one call; the returned future always succeeds. */
  Future<Decision> decide(JsonObject input);

  /** The revision of the active bundle, {@code "none"} before one is active. */
  String revision();

  /** Releases what the engine holds; decisions asked afterwards are {@link Decision.Undecided}. */
  @Override
  void close();
}
