package io.twinguard.policies;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of evaluating the policies for one call, with the revision of the bundle that
 * decided. A call is either {@link Allow allowed} (with obligations and an actuation priority) or
 * {@link Deny denied} (with at least one reason, and the obligations that would remedy it).
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

  /** The code of the reason given when no policy could be evaluated. */
  String POLICY_UNAVAILABLE = "policy_unavailable";

  /** What the broker must do (allowed) or could do to remedy the denial (denied). */
  List<Obligation> obligations();

  /** The bundle revision that decided, or {@code "none"} when no bundle could decide. */
  String revision();

  /** Allowed: no policy denied the call. */
  record Allow(List<Obligation> obligations, int priority, String revision) implements Decision {
    /** Thrown {@link IllegalArgumentException} on a negative priority. */
    public Allow {
      obligations = List.copyOf(obligations);
      Objects.requireNonNull(revision, "revision");
      if (priority < 0) {
        throw new IllegalArgumentException("priority must not be negative");
      }
    }
  }

  /** Denied by at least one policy, each naming itself in a reason. */
  record Deny(List<Reason> reasons, List<Obligation> obligations, String revision) implements Decision {
    /** Thrown {@link IllegalArgumentException} when there is no reason. */
    public Deny {
      reasons = List.copyOf(reasons);
      obligations = List.copyOf(obligations);
      Objects.requireNonNull(revision, "revision");
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a denial needs at least one reason");
      }
    }
  }

  /** The fail-closed decision for an engine that erred or timed out. */
  static Decision unavailable(String message, String revision) {
    return new Deny(List.of(new Reason("engine", POLICY_UNAVAILABLE, message)), List.of(), revision);
  }

  /** Whether the call may go ahead. */
  default boolean allowed() {
    return this instanceof Allow;
  }

  /** The decision document of {@code schema/decision.schema.json}, with the revision. */
  default JsonObject toJson() {
    JsonArray obligations = new JsonArray();
    obligations().forEach(o -> obligations.add(o.toJson()));
    JsonArray reasons = new JsonArray();
    int priority = 0;
    // Java 17 has no pattern switch; the interface is sealed, so these two cases are all.
    if (this instanceof Allow allow) {
      priority = allow.priority();
    } else if (this instanceof Deny deny) {
      deny.reasons().forEach(r -> reasons.add(
          new JsonObject().put("policy", r.policy()).put("code", r.code()).put("message", r.message())));
    }
    return new JsonObject()
        .put("allow", allowed())
        .put("reasons", reasons)
        .put("obligations", obligations)
        .put("priority", priority)
        .put("revision", revision());
  }

  /**
   * Reads the document at {@code data.twinguard.decision.result}.
   *
   * @throws IllegalArgumentException when it does not have the decision's shape, or says allow
   *     with reasons, or deny without one
   */
  static Decision fromResult(JsonObject result, String revision) {
    try {
      if (!(result.getValue("allow") instanceof Boolean allow)) {
        throw new IllegalArgumentException("the decision has no boolean allow");
      }
      List<Obligation> obligations = result.getJsonArray("obligations").stream()
          .map(o -> Obligation.fromJson((JsonObject) o))
          .toList();
      List<Reason> reasons = result.getJsonArray("reasons").stream()
          .map(o -> (JsonObject) o)
          .map(r -> new Reason(r.getString("policy"), r.getString("code"), r.getString("message")))
          .toList();
      if (allow && !reasons.isEmpty()) {
        throw new IllegalArgumentException("an allowed decision carries reasons");
      }
      return allow
          ? new Allow(obligations, result.getInteger("priority"), revision)
          : new Deny(reasons, obligations, revision);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("the decision does not follow the decision schema", e);
    }
  }
}
