package io.twinguard.policies.explain;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Where a policy's reason or obligation comes from: the Rego rule that builds it, its file and
 * line, and the rule's {@code # METADATA} description.
 *
 * @param kind {@code reason} or {@code obligation}
 * @param policy the policy a reason names ({@code privacy}, ...); the package's last segment for an
 *     obligation
 * @param code the reason's code, or the obligation's type
 * @param rule the rule's path, such as {@code data.twinguard.privacy.deny}
 * @param file the Rego file, relative to the bundle root
 * @param line the rule's first line
 * @param description the rule's METADATA description, empty when it has none
 */
public record RuleSite(String kind, String policy, String code, String rule, String file, int line,
    String description) {

  /** A reason site. */
  public static final String REASON = "reason";

  /** An obligation site. */
  public static final String OBLIGATION = "obligation";

  public RuleSite {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(description, "description");
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind).put("policy", policy).put("code", code).put("rule", rule)
        .put("file", file).put("line", line).put("description", description);
  }

  /** Reads {@link #toJson}; throws IllegalArgumentException when a member is missing. */
  public static RuleSite fromJson(JsonObject json) {
    try {
      return new RuleSite(json.getString("kind"), json.getString("policy"), json.getString("code"),
          json.getString("rule"), json.getString("file"), json.getInteger("line"), json.getString("description"));
    } catch (NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("not a rule site: " + json.encode(), e);
    }
  }
}
