package io.twinguard.policies.explain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rule sites of one module from the syntax tree {@code opa parse --format json} prints:
 * rules whose head key is a call of {@code result.reason} or {@code result.obligation} (through
 * {@code import data.twinguard.result} or the full reference) with a literal first argument.
 */
final class RegoTree {

  private RegoTree() {}

  static List<RuleSite> sites(JsonObject module, String file) {
    String pkg = path(module.getJsonObject("package").getJsonArray("path"));
    String lastSegment = pkg.substring(pkg.lastIndexOf('.') + 1);
    List<RuleSite> sites = new ArrayList<>();
    JsonArray rules = module.getJsonArray("rules", new JsonArray());
    for (int i = 0; i < rules.size(); i++) {
      JsonObject rule = rules.getJsonObject(i);
      JsonObject head = rule.getJsonObject("head", new JsonObject());
      JsonObject key = head.getJsonObject("key");
      if (key == null || !"call".equals(key.getString("type"))) {
        continue;
      }
      JsonArray call = key.getJsonArray("value");
      String function = function(call.getJsonObject(0));
      List<String> literals = new ArrayList<>();
      for (int a = 1; a < call.size() && a <= 2; a++) {
        JsonObject argument = call.getJsonObject(a);
        literals.add("string".equals(argument.getString("type")) ? argument.getString("value") : null);
      }
      String name = pkg + "." + head.getString("name", "");
      int line = rule.getJsonObject("location", new JsonObject()).getInteger("row", 0);
      String description = description(rule.getJsonArray("annotations"));
      if ("reason".equals(function) && literals.size() == 2 && literals.get(0) != null && literals.get(1) != null) {
        sites.add(new RuleSite(RuleSite.REASON, literals.get(0), literals.get(1), name, file, line, description));
      } else if ("obligation".equals(function) && !literals.isEmpty() && literals.get(0) != null) {
        sites.add(new RuleSite(RuleSite.OBLIGATION, lastSegment, literals.get(0), name, file, line, description));
      }
    }
    return sites;
  }

  /** {@code reason} or {@code obligation} for a call of the result package's helpers, else null. */
  private static String function(JsonObject ref) {
    if (!"ref".equals(ref.getString("type"))) {
      return null;
    }
    JsonArray terms = ref.getJsonArray("value");
    if (terms.size() < 2) {
      return null;
    }
    String owner = terms.getJsonObject(terms.size() - 2).getString("value");
    String helper = terms.getJsonObject(terms.size() - 1).getString("value");
    return "result".equals(owner) ? helper : null;
  }

  /** {@code data.twinguard.privacy} from a package path. */
  private static String path(JsonArray terms) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      parts.add(String.valueOf(terms.getJsonObject(i).getValue("value")));
    }
    return String.join(".", parts);
  }

  private static String description(JsonArray annotations) {
    if (annotations == null) {
      return "";
    }
    for (int i = 0; i < annotations.size(); i++) {
      String description = annotations.getJsonObject(i).getString("description");
      if (description != null) {
        return description.strip().replaceAll("\\s+", " ");
      }
    }
    return "";
  }
}
