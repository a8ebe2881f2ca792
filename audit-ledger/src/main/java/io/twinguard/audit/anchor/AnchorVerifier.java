package io.twinguard.audit.anchor;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.log.internal.LogStore;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks the local audit log against every checkpoint of it anchored on Fabric (log id = the log's
 * origin), in two ways: the tree recomputed from the stored leaves must have each anchored root at
 * the anchored size (catches rewritten records), and an RFC 9162 consistency proof built from the
 * stored subtrees must lead from each anchored root to the local newest checkpoint (catches a
 * rewritten tree or a checkpoint that no longer extends the anchors). An anchor larger than the
 * local log is a rollback.
 *
 * <p>Fabric calls run through {@code executeBlocking}. The future fails with {@link
 * AnchorException} when Fabric cannot be read (for example the log is not registered).
 */
public final class AnchorVerifier {

  private static final int PAGE = 1000;

  private final Vertx vertx;
  private final AuditLog log;
  private final FabricAnchorClient client;
  private final LogStore store;

  private AnchorVerifier(Vertx vertx, AuditLog log, FabricAnchorClient client) {
    this.vertx = vertx;
    this.log = log;
    this.client = client;
    this.store = new LogStore(log.pool());
  }

  /** Verifies the log against every anchor of it. */
  public static Future<AnchorVerifyReport> verify(Vertx vertx, AuditLog log, FabricAnchorClient client) {
    AnchorVerifier verifier = new AnchorVerifier(vertx, log, client);
    return listAll(vertx, client, log.origin()).compose(verifier::check);
  }

  /** Every anchor of a log on Fabric, smallest first, read in pages. */
  public static Future<List<Anchor>> listAll(Vertx vertx, FabricAnchorClient client, String logId) {
    return vertx.executeBlocking(() -> {
      List<Anchor> all = new ArrayList<>();
      long from = 1;
      while (true) {
        List<Anchor> page = client.listAnchors(logId, from, Long.MAX_VALUE);
        all.addAll(page);
        if (page.size() < PAGE) {
          return all;
        }
        from = page.get(page.size() - 1).treeSize() + 1;
      }
    }, false);
  }

  private Future<AnchorVerifyReport> check(List<Anchor> anchors) {
    return log.latestCheckpoint().compose(latest -> {
      long checkpointSize = latest.map(SignedCheckpoint::size).orElse(0L);
      long wanted = Math.min(checkpointSize,
          anchors.isEmpty() ? 0 : anchors.get(anchors.size() - 1).treeSize());
      return replay(anchors, wanted, new Replay(CompactRange.empty(), 0, Optional.empty(), 0))
          .compose(replay -> proofs(anchors, latest, replay)
              .map(proofFork -> report(anchors, checkpointSize, replay, proofFork)));
    });
  }

  /**
   * State of the replay of the stored leaves: the tree so far, the largest anchored size it
   * matched, the first anchor it did not, and the first index missing from the store, if any.
   */
  private record Replay(CompactRange tree, long agreed, Optional<AnchorProblem.Fork> fork, long contiguous) {}

  private Future<Replay> replay(List<Anchor> anchors, long wanted, Replay state) {
    if (state.fork().isPresent() || state.tree().size() >= wanted) {
      return Future.succeededFuture(state);
    }
    long from = state.tree().size();
    return store.leavesFrom(from, (int) Math.min(PAGE, wanted - from)).compose(leaves -> {
      CompactRange tree = state.tree();
      long agreed = state.agreed();
      int next = firstAnchorAbove(anchors, tree.size());
      for (LogStore.StoredLeaf leaf : leaves) {
        if (leaf.index() != tree.size()) {
          break;
        }
        tree.append(Rfc9162.leafHash(leaf.leaf()));
        while (next < anchors.size() && anchors.get(next).treeSize() == tree.size()) {
          Anchor anchor = anchors.get(next++);
          byte[] root = tree.root();
          if (!MessageDigest.isEqual(root, anchor.rootHash())) {
            return Future.succeededFuture(new Replay(tree, agreed, Optional.of(new AnchorProblem.Fork(
                anchor, agreed,
                "the stored records up to tree size " + anchor.treeSize() + " hash to "
                    + hex(root) + ", Fabric holds " + hex(anchor.rootHash()))), tree.size()));
          }
          agreed = anchor.treeSize();
        }
      }
      Replay advanced = new Replay(tree, agreed, Optional.empty(), tree.size());
      if (tree.size() == from) {
        return Future.succeededFuture(advanced); // a record is missing: the log ends here
      }
      return replay(anchors, wanted, advanced);
    });
  }

  /** The first anchor the stored subtrees cannot prove consistent with the newest checkpoint. */
  private Future<Optional<AnchorProblem.Fork>> proofs(
      List<Anchor> anchors, Optional<SignedCheckpoint> latest, Replay replay) {
    Future<Optional<AnchorProblem.Fork>> result = Future.succeededFuture(Optional.empty());
    if (latest.isEmpty()) {
      return result;
    }
    SignedCheckpoint head = latest.get();
    long[] agreed = {0};
    for (Anchor anchor : anchors) {
      if (anchor.treeSize() > head.size()
          || replay.fork().map(f -> f.anchor().treeSize() <= anchor.treeSize()).orElse(false)) {
        break;
      }
      result = result.compose(found -> {
        if (found.isPresent()) {
          return Future.succeededFuture(found);
        }
        return log.consistencyProof(anchor.treeSize(), head.size())
            .map(proof -> {
              try {
                ProofVerifier.verifyConsistency(
                    anchor.treeSize(), head.size(), proof, anchor.rootHash(), head.checkpoint().rootHash());
                agreed[0] = anchor.treeSize();
                return Optional.<AnchorProblem.Fork>empty();
              } catch (ProofException e) {
                return Optional.of(new AnchorProblem.Fork(anchor, agreed[0],
                    "no consistency proof from it to the local checkpoint of tree size " + head.size()
                        + ": " + e.getMessage()));
              }
            })
            .recover(e -> Future.succeededFuture(Optional.of(new AnchorProblem.Fork(anchor, agreed[0],
                "the local log cannot prove consistency with it: " + e.getMessage()))));
      });
    }
    return result;
  }

  private static AnchorVerifyReport report(
      List<Anchor> anchors, long checkpointSize, Replay replay, Optional<AnchorProblem.Fork> proofFork) {
    List<AnchorProblem> problems = new ArrayList<>();
    Optional<AnchorProblem.Fork> fork = replay.fork();
    if (proofFork.isPresent()
        && (fork.isEmpty() || proofFork.get().anchor().treeSize() < fork.get().anchor().treeSize())) {
      fork = proofFork;
    }
    fork.ifPresent(problems::add);
    long localSize = fork.isPresent() ? checkpointSize : Math.min(checkpointSize, replay.contiguous());
    if (fork.isEmpty()) {
      for (Anchor anchor : anchors) {
        if (anchor.treeSize() > localSize) {
          problems.add(new AnchorProblem.Rollback(anchor, localSize));
          break;
        }
      }
    }
    return new AnchorVerifyReport(anchors.size(), checkpointSize, problems);
  }

  private static int firstAnchorAbove(List<Anchor> anchors, long size) {
    int i = 0;
    while (i < anchors.size() && anchors.get(i).treeSize() <= size) {
      i++;
    }
    return i;
  }

  private static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }
}
