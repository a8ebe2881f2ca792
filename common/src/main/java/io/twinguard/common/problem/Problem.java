package io.twinguard.common.problem;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One RFC 9457 problem detail: a type from {@link ProblemType}, a detail text for this occurrence,
 * and extension members (for example the policy reasons of a denial, or the decision id).
 *
 * <p>The detail is shown to the caller: it says what is wrong with the request in terms the caller
 * can act on, and never carries a stack trace, a secret or personal data.
 *
 * @param type the problem type
 * @param detail what went wrong in this occurrence
 * @param extensions extension members, JSON-compatible values; may not shadow the standard members
 */
public record Problem(ProblemType type, String detail, Map<String, Object> extensions) {

  /** The media type of a problem body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

  /** @throws IllegalArgumentException when an extension shadows a standard member */
  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(detail, "detail");
    extensions = Map.copyOf(extensions);
    for (String name : extensions.keySet()) {
      if (STANDARD_MEMBERS.contains(name)) {
        throw new IllegalArgumentException("extension shadows standard member: " + name);
      }
    }
  }

  public Problem(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  /** This problem with one more extension member. */
  public Problem with(String name, Object value) {
    Map<String, Object> more = new HashMap<>(extensions);
    more.put(name, value);
    return new Problem(type, detail, more);
  }

  public int status() {
    return type.status();
  }

  /** The problem+json body; {@code instance} names this occurrence, for example a decision id. */
  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", type.type().toString())
        .put("title", type.title())
        .put("status", type.status())
        .put("detail", detail);
    if (instance != null) {
      json.put("instance", instance);
    }
    extensions.forEach(json::put);
    return json;
  }
}
