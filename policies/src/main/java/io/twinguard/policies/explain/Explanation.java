package io.twinguard.policies.explain;

import io.twinguard.policies.Decision;
import io.twinguard.policies.Obligation;
import io.twinguard.policies.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A decision told in plain words: what was decided, by which bundle revision, and for each reason
 * and obligation the rule that gave it (its file and line and its METADATA description), as an
 * {@link RuleIndex} of that revision knows them.
 *
 * @param outcome {@code allow}, {@code deny} or {@code undecided}
 * @param revision the bundle revision that decided
 * @param summary one sentence
 * @param reasons why the call was denied, empty otherwise
 * @param obligations what the decision asks for
 */
public record Explanation(String outcome, String revision, String summary, List<Item> reasons,
    List<Item> obligations) {

  private static final Map<String, String> POLICY_NAMES = Map.of(
      "privacy", "privacy", "ip", "intellectual-property", "ethics", "ethics", "safety", "safety", "sharing", "sharing",
      "input", "input-check");

  public Explanation {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(summary, "summary");
    reasons = List.copyOf(reasons);
    obligations = List.copyOf(obligations);
  }

  /**
   * One reason or obligation.
   *
   * @param policy the policy that gave it
   * @param code the reason's code or the obligation's type
   * @param detail the policy's own message, or the obligation's fields as JSON
   * @param sites the rules that give it (usually one; none when the index does not know it)
   * @param text the plain-words sentence
   */
  public record Item(String policy, String code, String detail, List<RuleSite> sites, String text) {
    public Item {
      sites = List.copyOf(sites);
    }

    public JsonObject toJson() {
      JsonArray rules = new JsonArray();
      sites.forEach(site -> rules.add(new JsonObject().put("rule", site.rule()).put("file", site.file())
          .put("line", site.line()).put("description", site.description())));
      return new JsonObject().put("policy", policy).put("code", code).put("detail", detail).put("rules", rules)
          .put("text", text);
    }
  }

  /** Explains {@code decision} with the rules of {@code index} (the index of the revision that decided). */
  public static Explanation of(Decision decision, RuleIndex index) {
    if (decision instanceof Decision.Allow allow) {
      return new Explanation("allow", allow.revision(), "Allowed: no policy refused the call.", List.of(),
          obligations(allow.obligations(), index));
    }
    if (decision instanceof Decision.Deny deny) {
      Set<String> policies = new LinkedHashSet<>();
      deny.reasons().forEach(r -> policies.add(name(r.policy())));
      List<Item> reasons = new ArrayList<>();
      for (Reason reason : deny.reasons()) {
        List<RuleSite> sites = index.reason(reason.policy(), reason.code());
        reasons.add(new Item(reason.policy(), reason.code(), reason.message(), sites,
            "The " + name(reason.policy()) + " policy refused the call: " + reason.message() + "." + where(sites,
                deny.revision())));
      }
      return new Explanation("deny", deny.revision(), "Denied by the " + String.join(" and ", policies)
          + (policies.size() == 1 ? " policy." : " policies."), reasons, obligations(deny.obligations(), index));
    }
    Decision.Undecided undecided = (Decision.Undecided) decision;
    return new Explanation("undecided", undecided.revision(),
        "No decision could be made, so the call was refused: " + undecided.why() + ".", List.of(), List.of());
  }

  private static List<Item> obligations(List<Obligation> obligations, RuleIndex index) {
    List<Item> items = new ArrayList<>();
    for (Obligation obligation : obligations) {
      List<RuleSite> sites = index.obligation(obligation.type());
      String policy = sites.isEmpty() ? "" : sites.get(0).policy();
      items.add(new Item(policy, obligation.type(), obligation.fields().encode(), sites,
          words(obligation.type(), obligation.fields()) + where(sites, "")));
    }
    return items;
  }

  /** An obligation as a sentence. */
  private static String words(String type, JsonObject f) {
    return switch (type) {
      case "request_consent" -> "Data subject " + f.getString("subject") + " may be asked to consent to "
          + f.getString("recipient_org") + " using " + list(f.getJsonArray("data_categories")) + " for "
          + f.getString("purpose") + (f.getBoolean("explicit", false) ? " (explicitly)" : "") + ".";
      case "redact" -> "These fields are removed from the answer: " + list(f.getJsonArray("fields")) + ".";
      case "notify_subject" -> "Data subject " + f.getString("subject") + " is told that "
          + f.getString("recipient_org") + " received " + list(f.getJsonArray("data_categories")) + " for "
          + f.getString("purpose") + ".";
      default -> "The decision asks for " + type + ": " + f.encode() + ".";
    };
  }

  private static String where(List<RuleSite> sites, String revision) {
    if (sites.isEmpty()) {
      return revision.isEmpty() ? "" : " (the rule behind it is not known for revision " + revision + ")";
    }
    RuleSite site = sites.get(0);
    return " Rule " + site.rule() + " (" + site.file() + ", line " + site.line() + ")"
        + (site.description().isEmpty() ? "." : ": " + site.description());
  }

  private static String name(String policy) {
    return POLICY_NAMES.getOrDefault(policy, policy);
  }

  private static String list(JsonArray values) {
    if (values == null || values.isEmpty()) {
      return "nothing";
    }
    List<String> items = new ArrayList<>();
    values.forEach(v -> items.add(String.valueOf(v)));
    return String.join(", ", items);
  }

  public JsonObject toJson() {
    JsonArray reasonsJson = new JsonArray();
    reasons.forEach(r -> reasonsJson.add(r.toJson()));
    JsonArray obligationsJson = new JsonArray();
    obligations.forEach(o -> obligationsJson.add(o.toJson()));
    return new JsonObject().put("outcome", outcome).put("revision", revision).put("summary", summary)
        .put("reasons", reasonsJson).put("obligations", obligationsJson);
  }

  /** The explanation as lines of text, for the command line. */
  public String toText() {
    StringBuilder out = new StringBuilder(summary).append(" (policy revision ").append(revision).append(")\n");
    reasons.forEach(r -> out.append("- ").append(r.text()).append('\n'));
    obligations.forEach(o -> out.append("- ").append(o.text()).append('\n'));
    return out.toString();
  }
}
