package io.twinguard.policies;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of asking the policies about one call, with the revision of the bundle that was
 * asked. The policies either {@link Allow allowed} the call (with obligations and an actuation
 * priority) or {@link Deny denied} it (with at least one reason, and the obligations that would
 * remedy it); or no decision could be made at all ({@link Undecided}: the engine erred, timed out,
 * was closed, had no bundle or got no valid answer). Only {@link Allow} lets a call go ahead.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.Undecided {

  /** The bundle revision that decided (or was asked), {@code "none"} when no bundle was active. */
  String revision();

  /** Whether the call may go ahead: true only for {@link Allow}. */
  default boolean allowed() {
    return this instanceof Allow;
  }

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

    /** The decision document of {@code schema/decision.schema.json}, with the revision. */
    public JsonObject toJson() {
      return document(true, List.of(), obligations, priority, revision);
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

    /** The decision document of {@code schema/decision.schema.json}, with the revision. */
    public JsonObject toJson() {
      return document(false, reasons, obligations, 0, revision);
    }
  }

  /**
   * No decision could be made, so nothing may be forwarded: the broker answers 503
   * policy-unavailable. It carries no reasons and no obligations, only why, for the log.
   *
   * @param why what went wrong, for operators (never shown as a policy's reason)
   * @param revision the revision that was asked, {@code "none"} when no bundle was active
   */
  record Undecided(String why, String revision) implements Decision {
    /** Thrown {@link IllegalArgumentException} when why is blank. */
    public Undecided {
      Objects.requireNonNull(revision, "revision");
      if (why == null || why.isBlank()) {
        throw new IllegalArgumentException("an undecided outcome says why");
      }
    }
  }

  private static JsonObject document(boolean allow, List<Reason> reasons, List<Obligation> obligations,
      int priority, String revision) {
    JsonArray reasonsJson = new JsonArray();
    reasons.forEach(r -> reasonsJson.add(
        new JsonObject().put("policy", r.policy()).put("code", r.code()).put("message", r.message())));
    JsonArray obligationsJson = new JsonArray();
    obligations.forEach(o -> obligationsJson.add(o.toJson()));
    return new JsonObject()
        .put("allow", allow)
        .put("reasons", reasonsJson)
        .put("obligations", obligationsJson)
        .put("priority", priority)
        .put("revision", revision);
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
