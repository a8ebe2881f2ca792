package io.twinguard.broker.lifecycle.replay;

import io.twinguard.broker.lifecycle.DecisionDiff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a replay found: how many recorded decisions it read and re-decided, which it could not
 * (and why), and every decision the candidate changes, also grouped by kind of change, policy and
 * reason.
 *
 * @param candidate the candidate's revision
 * @param from the first time replayed, if bounded
 * @param to the end of the time replayed (exclusive), if bounded
 * @param read decision records read
 * @param replayed decisions the candidate re-decided and compared
 * @param unchanged of those, the ones it decides the same
 * @param againstRecorded of those, the ones compared with the record alone (the revision that
 *     decided them is not available, so only allow or deny and the reasons could be compared)
 * @param skipped records not replayed, by why
 * @param notReproduced decision ids whose recorded revision, asked again, did not decide as recorded
 * @param changes every changed decision, in log order
 */
public record ReplayReport(String candidate, Optional<Instant> from, Optional<Instant> to, long read, long replayed,
    long unchanged, long againstRecorded, Map<String, Long> skipped, List<String> notReproduced,
    List<Changed> changes) {

  public ReplayReport {
    Objects.requireNonNull(candidate, "candidate");
    skipped = Map.copyOf(skipped);
    notReproduced = List.copyOf(notReproduced);
    changes = List.copyOf(changes);
  }

  /**
   * One decision the candidate makes differently.
   *
   * @param decisionId the recorded call
   * @param time when it was received
   * @param caller the caller's SPIFFE ID
   * @param target the target's SPIFFE ID
   * @param call {@code kind/block/operation}
   * @param purpose the DPV purpose
   * @param revision the revision that decided it
   * @param before {@code allow} or {@code deny}, as decided then
   * @param after as the candidate decides
   * @param diff how they differ
   */
  public record Changed(String decisionId, String time, String caller, String target, String call, String purpose,
      String revision, String before, String after, DecisionDiff diff) {}

  /**
   * The changes of one kind under one policy and reason.
   *
   * @param kind the kind of change
   * @param policy the policy
   * @param code the reason's code or the obligation's type
   * @param decisions the decision ids, in log order
   */
  public record Group(String kind, String policy, String code, List<String> decisions) {
    public Group {
      decisions = List.copyOf(decisions);
    }
  }

  /** The changes grouped by kind, policy and code; the largest groups first. */
  public List<Group> groups() {
    Map<List<String>, List<String>> byKey = new LinkedHashMap<>();
    for (Changed change : changes) {
      DecisionDiff diff = change.diff();
      byKey.computeIfAbsent(List.of(diff.kind(), diff.policy(), diff.code()), k -> new ArrayList<>())
          .add(change.decisionId());
    }
    List<Group> groups = new ArrayList<>();
    byKey.forEach((key, ids) -> groups.add(new Group(key.get(0), key.get(1), key.get(2), ids)));
    groups.sort(Comparator.comparingInt((Group g) -> -g.decisions().size())
        .thenComparing(Group::kind).thenComparing(Group::policy).thenComparing(Group::code));
    return groups;
  }

  /** How many changes of each kind. */
  public Map<String, Long> changesByKind() {
    Map<String, Long> counts = new TreeMap<>();
    changes.forEach(c -> counts.merge(c.diff().kind(), 1L, Long::sum));
    return counts;
  }
}
