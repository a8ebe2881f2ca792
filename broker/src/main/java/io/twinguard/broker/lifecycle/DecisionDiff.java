package io.twinguard.broker.lifecycle;

import io.twinguard.policies.Decision;
import io.twinguard.policies.Obligation;
import io.twinguard.policies.Reason;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How a second decision of the same input differs from a first one (a candidate's from the one in
 * force): what a replay reports and shadow mode counts. Two decisions agree when both allow with
 * the same obligations and priority, or both deny with the same reasons (policy and code).
 *
 * @param kind {@link #ALLOW_TO_DENY}, {@link #DENY_TO_ALLOW}, {@link #REASONS_CHANGED}, {@link
 *     #OBLIGATIONS_CHANGED} or {@link #PRIORITY_CHANGED}
 * @param policy the policy of the reason the change is grouped under (the first new reason of a
 *     denial, the first lifted reason of an allowance), or {@code obligations} / {@code safety}
 * @param code that reason's code, or the first obligation type added or removed, or {@code priority}
 * @param added reasons ({@code policy/code}) or obligations (their JSON) the second decision has and
 *     the first has not
 * @param removed those the first has and the second has not
 */
public record DecisionDiff(String kind, String policy, String code, List<String> added, List<String> removed) {

  public static final String ALLOW_TO_DENY = "allow_to_deny";
  public static final String DENY_TO_ALLOW = "deny_to_allow";
  public static final String REASONS_CHANGED = "reasons_changed";
  public static final String OBLIGATIONS_CHANGED = "obligations_changed";
  public static final String PRIORITY_CHANGED = "priority_changed";

  public DecisionDiff {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(code, "code");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /**
   * How {@code after} differs from {@code before}; empty when they agree.
   *
   * @throws IllegalArgumentException when either is undecided (there is nothing to compare)
   */
  public static Optional<DecisionDiff> between(Decision before, Decision after) {
    if (before instanceof Decision.Undecided || after instanceof Decision.Undecided) {
      throw new IllegalArgumentException("an undecided decision cannot be compared");
    }
    if (before instanceof Decision.Allow && after instanceof Decision.Deny now) {
      Reason first = now.reasons().get(0);
      return Optional.of(new DecisionDiff(ALLOW_TO_DENY, first.policy(), first.code(), reasons(now.reasons()),
          List.of()));
    }
    if (before instanceof Decision.Deny was && after instanceof Decision.Allow) {
      Reason first = was.reasons().get(0);
      return Optional.of(new DecisionDiff(DENY_TO_ALLOW, first.policy(), first.code(), List.of(),
          reasons(was.reasons())));
    }
    if (before instanceof Decision.Deny was && after instanceof Decision.Deny now) {
      return changed(REASONS_CHANGED, reasons(was.reasons()), reasons(now.reasons()), true);
    }
    Decision.Allow was = (Decision.Allow) before;
    Decision.Allow now = (Decision.Allow) after;
    Optional<DecisionDiff> obligations = changed(OBLIGATIONS_CHANGED, obligations(was.obligations()),
        obligations(now.obligations()), false);
    if (obligations.isPresent() || was.priority() == now.priority()) {
      return obligations;
    }
    return Optional.of(new DecisionDiff(PRIORITY_CHANGED, "safety", "priority",
        List.of(Integer.toString(now.priority())), List.of(Integer.toString(was.priority()))));
  }

  private static Optional<DecisionDiff> changed(String kind, List<String> was, List<String> now, boolean reasons) {
    TreeSet<String> added = new TreeSet<>(now);
    added.removeAll(was);
    TreeSet<String> removed = new TreeSet<>(was);
    removed.removeAll(now);
    if (added.isEmpty() && removed.isEmpty()) {
      return Optional.empty();
    }
    String first = added.isEmpty() ? removed.first() : added.first();
    String policy;
    String code;
    if (reasons) {
      policy = first.substring(0, first.indexOf('/'));
      code = first.substring(first.indexOf('/') + 1);
    } else {
      policy = "obligations";
      code = Obligation.fromJson(new JsonObject(first)).type();
    }
    return Optional.of(new DecisionDiff(kind, policy, code, new ArrayList<>(added), new ArrayList<>(removed)));
  }

  private static List<String> reasons(List<Reason> reasons) {
    return reasons.stream().map(r -> r.policy() + "/" + r.code()).sorted().distinct().toList();
  }

  /** Each obligation as JSON with its members in sorted order, so that equal ones compare equal. */
  private static List<String> obligations(List<Obligation> obligations) {
    return obligations.stream()
        .map(o -> new String(CanonicalJson.canonicalize(o.toJson().encode()), StandardCharsets.UTF_8))
        .sorted()
        .toList();
  }
}
