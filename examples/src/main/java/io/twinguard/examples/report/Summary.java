package io.twinguard.examples.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** One line about an audit record, for the report's tables. */
final class Summary {

  private Summary() {}

  static String of(JsonObject r) {
    return switch (r.getString("kind", "")) {
      case "decision" -> name(r.getString("caller")) + " -> " + name(r.getString("target")) + " "
          + r.getString("operation", "?") + " for " + r.getString("purpose", "?") + ": " + r.getString("decision")
          + " " + r.getValue("status") + reasons(r.getJsonArray("reasons", new JsonArray()));
      case "forwarding" -> "command to " + name(r.getString("target")) + " written ahead, priority " + r.getValue("priority");
      case "consent" -> r.getString("subject") + "'s consent to " + r.getString("recipient_org") + ": "
          + r.getString("event") + " v" + r.getValue("version");
      case "registry" -> "operator: " + r.getString("action") + (r.getString("twin") == null ? "" : " " + r.getString("twin"));
      default -> r.getString("kind", "record");
    };
  }

  private static String reasons(JsonArray reasons) {
    StringBuilder text = new StringBuilder();
    reasons.stream().map(JsonObject.class::cast)
        .forEach(x -> text.append(", ").append(x.getString("policy")).append('/').append(x.getString("code")));
    return text.toString();
  }

  private static String name(String spiffeId) {
    return spiffeId == null ? "?" : spiffeId.substring(spiffeId.lastIndexOf('/') + 1);
  }
}
