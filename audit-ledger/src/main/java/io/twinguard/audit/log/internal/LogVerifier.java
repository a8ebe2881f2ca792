package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.VerifyProblem;
import io.twinguard.audit.log.VerifyReport;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.HashRecipe;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofPlan;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recomputes the tree from the stored leaves, page by page, and checks it against everything else
 * that is stored: every stored subtree hash, every checkpoint (signature, origin, root) and the
 * consistency proof between each pair of successive checkpoints. Memory stays O(page + log n).
 * One instance per run.
 */
public final class LogVerifier {

  static final int PAGE = 4096;
  static final int MAX_PROBLEMS = 100;

  private record Good(long size, byte[] root) {}

  private final LogStore store;
  private final NoteVerifierKey key;
  private final String origin;

  private final CompactRange range = CompactRange.empty();
  private final List<VerifyProblem> problems = new ArrayList<>();
  private final Set<NodeId> tainted = new HashSet<>();
  private Good previous;
  private long checkpoints;
  private long lastCheckpointSize;
  private boolean leafWalkBroken;

  public LogVerifier(LogStore store, NoteVerifierKey key, String origin) {
    this.store = store;
    this.key = key;
    this.origin = origin;
  }

  /** Runs the whole check. */
  public Future<VerifyReport> run() {
    return page().map(v -> new VerifyReport(range.size(), checkpoints, problems));
  }

  private Future<Void> page() {
    long start = range.size();
    return store
        .leavesFrom(start, PAGE)
        .compose(
            leaves ->
                store
                    .checkpointsAfter(start, PAGE + 1)
                    .compose(cps -> checkPage(start, leaves, cps)));
  }

  private Future<Void> checkPage(
      long start, List<LogStore.StoredLeaf> leaves, List<LogStore.StoredCheckpoint> cps) {
    Map<Long, byte[]> roots = new HashMap<>();
    Set<Long> wanted = new LinkedHashSet<>();
    cps.forEach(cp -> wanted.add(cp.size()));
    List<CompactRange.Node> computed = new ArrayList<>();
    for (LogStore.StoredLeaf leaf : leaves) {
      if (leaf.index() != range.size()) {
        add(new VerifyProblem.MissingLeaf(range.size()));
        leafWalkBroken = true;
        break;
      }
      computed.addAll(range.append(Rfc9162.leafHash(leaf.leaf())));
      if (wanted.contains(range.size())) {
        roots.put(range.size(), range.root());
      }
    }
    long end = range.size();
    boolean last = leafWalkBroken || leaves.size() < PAGE;
    List<LogStore.StoredCheckpoint> inPage =
        cps.stream().filter(cp -> last || cp.size() <= end).toList();
    return compareNodes(computed)
        .compose(v -> checkCheckpoints(inPage, roots, end))
        .compose(
            v -> {
              if (last) {
                if (end > lastCheckpointSize && !leafWalkBroken) {
                  add(new VerifyProblem.UncoveredLeaf(lastCheckpointSize));
                }
                return Future.succeededFuture();
              }
              return page();
            });
  }

  private Future<Void> compareNodes(List<CompactRange.Node> computed) {
    if (computed.isEmpty()) {
      return Future.succeededFuture();
    }
    List<NodeId> ids = computed.stream().map(CompactRange.Node::id).toList();
    return store
        .nodes(ids)
        .map(
            stored -> {
              for (CompactRange.Node node : computed) {
                byte[] hash = stored.get(node.id());
                if (hash == null || !Arrays.equals(hash, node.hash())) {
                  tainted.add(node.id());
                  // a subtree above a bad one differs as a consequence: report only the cause
                  if (!hasTaintedChild(node.id())) {
                    add(new VerifyProblem.SubtreeMismatch(node.id(), hash == null));
                  }
                }
              }
              return null;
            });
  }

  private Future<Void> checkCheckpoints(
      List<LogStore.StoredCheckpoint> cps, Map<Long, byte[]> roots, long leavesSeen) {
    List<Good[]> pairs = new ArrayList<>();
    for (LogStore.StoredCheckpoint cp : cps) {
      checkpoints++;
      lastCheckpointSize = Math.max(lastCheckpointSize, cp.size());
      long firstInDoubt = previous == null ? 0 : previous.size();
      Checkpoint body;
      try {
        body = Checkpoint.parse(NoteVerifier.open(cp.note(), List.of(key)).text());
      } catch (NoteVerificationException e) {
        add(new VerifyProblem.BadSignature(cp.size(), e.reason() + ": " + e.getMessage(), firstInDoubt));
        continue;
      } catch (IllegalArgumentException e) {
        add(new VerifyProblem.BadSignature(cp.size(), "not a checkpoint: " + e.getMessage(), firstInDoubt));
        continue;
      }
      if (!body.origin().equals(origin)
          || body.size() != cp.size()
          || !Arrays.equals(body.rootHash(), cp.root())) {
        add(
            new VerifyProblem.BadSignature(
                cp.size(), "the signed note does not match the stored size, root or origin", firstInDoubt));
        continue;
      }
      if (cp.size() > leavesSeen) {
        if (!leafWalkBroken) {
          add(new VerifyProblem.MissingLeaf(leavesSeen));
          leafWalkBroken = true;
        }
        continue;
      }
      byte[] recomputed = roots.get(cp.size());
      if (recomputed == null || !Arrays.equals(recomputed, body.rootHash())) {
        add(new VerifyProblem.RootMismatch(cp.size(), firstInDoubt));
        continue;
      }
      Good good = new Good(cp.size(), body.rootHash());
      if (previous != null) {
        pairs.add(new Good[] {previous, good});
      }
      previous = good;
    }
    return checkConsistency(pairs);
  }

  private Future<Void> checkConsistency(List<Good[]> pairs) {
    if (pairs.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<Good[], List<HashRecipe>> plans = new HashMap<>();
    Set<NodeId> ids = new LinkedHashSet<>();
    for (Good[] pair : pairs) {
      List<HashRecipe> plan = ProofPlan.consistency(pair[0].size(), pair[1].size());
      plans.put(pair, plan);
      ids.addAll(ProofPlan.nodes(plan));
    }
    return store
        .nodes(ids)
        .map(
            stored -> {
              for (Good[] pair : pairs) {
                try {
                  List<byte[]> proof = ProofPlan.hashes(plans.get(pair), stored::get);
                  ProofVerifier.verifyConsistency(
                      pair[0].size(), pair[1].size(), proof, pair[0].root(), pair[1].root());
                } catch (ProofException e) {
                  add(new VerifyProblem.Inconsistent(pair[0].size(), pair[1].size(), e.getMessage()));
                } catch (IllegalArgumentException e) {
                  add(new VerifyProblem.Inconsistent(pair[0].size(), pair[1].size(), e.getMessage()));
                }
              }
              return null;
            });
  }

  private boolean hasTaintedChild(NodeId node) {
    return node.level() > 0
        && (tainted.contains(new NodeId(node.level() - 1, node.index() * 2))
            || tainted.contains(new NodeId(node.level() - 1, node.index() * 2 + 1)));
  }

  private void add(VerifyProblem problem) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    }
  }
}
