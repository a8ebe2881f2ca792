package io.twinguard.broker.decision;

import io.twinguard.broker.registry.Block;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds the policy input of one call, following {@code policies/schema/input.schema.json}: the
 * contract between broker and policies. Only facts the broker established go in: the caller as
 * authenticated, the target and block as registered, the consents as stored.
 */
public final class PolicyInputs {

  /** Whether the ecosystem runs normally or in an emergency (life safety first). */
  public enum Mode {
    NORMAL,
    EMERGENCY;

    public String wireName() {
      return this == NORMAL ? "normal" : "emergency";
    }
  }

  private PolicyInputs() {}

  /**
   * A consent record's version as a decision record refers to it: its {@code version}, or 0 for a
   * record without one (a fixture that names none).
   */
  public static int consentVersion(JsonObject consent) {
    return consent.getValue("version") instanceof Integer version && version >= 0 ? version : 0;
  }

  /**
   * @param auth how the caller authenticated: {@code mtls} or {@code oidc}
   * @param signed whether the caller's HTTP message signature was verified
   */
  public static JsonObject build(
      Twin caller,
      String auth,
      Twin target,
      Block block,
      Operation operation,
      String purpose,
      List<String> subjects,
      List<JsonObject> consents,
      Instant now,
      Mode mode,
      boolean signed) {
    boolean actuates = block.kind() == BlockKind.GATEWAY && operation.command();
    JsonObject blockJson = new JsonObject()
        .put("kind", block.kind().wireName())
        .put("name", block.name())
        .put("operation", operation.name())
        .put("data_categories", new JsonArray(block.dataCategories()))
        .put("ip_class", block.ipClass().wireName())
        .put("actuators", new JsonArray(actuates ? block.actuators() : List.of()));
    if (!block.fields().isEmpty()) {
      JsonObject fields = new JsonObject();
      block.fields().forEach(fields::put);
      blockJson.put("fields", fields);
    }
    return new JsonObject()
        .put("caller", new JsonObject()
            .put("id", caller.id())
            .put("org", caller.org())
            .put("class", caller.twinClass())
            .put("auth", auth))
        .put("target", new JsonObject()
            .put("id", target.id())
            .put("org", target.org())
            .put("class", target.twinClass()))
        .put("block", blockJson)
        .put("purpose", purpose)
        .put("subjects", new JsonArray(subjects))
        .put("consents", new JsonArray(consents))
        .put("context", new JsonObject()
            .put("time", DateTimeFormatter.ISO_INSTANT.format(now))
            .put("mode", mode.wireName())
            .put("signed", signed));
  }
}
