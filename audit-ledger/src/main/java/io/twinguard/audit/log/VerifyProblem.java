package io.twinguard.audit.log;

import io.twinguard.audit.merkle.NodeId;

/**
 * One thing {@code twinguard audit verify} found wrong. Each case names the first leaf index it
 * puts in doubt.
 */
public sealed interface VerifyProblem {

  /** The first leaf index this problem puts in doubt. */
  long firstBadIndex();

  /**
   * Whether {@link #firstBadIndex()} is the exact bad index; otherwise it is a lower bound (the
   * first leaf after the last checkpoint that still verified).
   */
  default boolean exact() {
    return true;
  }

  /** A one-line description for people. */
  String message();

  /** No leaf is stored at an index below the newest checkpoint's size. */
  record MissingLeaf(long index) implements VerifyProblem {
    @Override
    public long firstBadIndex() {
      return index;
    }

    @Override
    public String message() {
      return "leaf " + index + " is missing";
    }
  }

  /** A leaf is stored at an index no checkpoint covers. */
  record UncoveredLeaf(long index) implements VerifyProblem {
    @Override
    public long firstBadIndex() {
      return index;
    }

    @Override
    public String message() {
      return "leaf " + index + " is not covered by any checkpoint";
    }
  }

  /** A stored subtree hash differs from the one recomputed from the leaves, or is missing. */
  record SubtreeMismatch(NodeId node, boolean missing) implements VerifyProblem {
    @Override
    public long firstBadIndex() {
      return node.firstLeaf();
    }

    @Override
    public String message() {
      return (node.level() == 0 ? "leaf " + node.index() : "subtree " + node)
          + (missing ? ": its stored hash is missing" : " does not match its stored hash");
    }
  }

  /** A checkpoint's signature does not verify with the log's key, or its note is malformed. */
  record BadSignature(long size, String reason, long firstBadIndex) implements VerifyProblem {
    @Override
    public boolean exact() {
      return false;
    }

    @Override
    public String message() {
      return "checkpoint " + size + ": " + reason;
    }
  }

  /**
   * A checkpoint's root differs from the root recomputed from the leaves: some leaf at or after
   * the previous good checkpoint was changed.
   */
  record RootMismatch(long size, long firstBadIndex) implements VerifyProblem {
    @Override
    public boolean exact() {
      return false;
    }

    @Override
    public String message() {
      return "checkpoint " + size + ": its root is not the root of the stored leaves 0.." + (size - 1);
    }
  }

  /** Two successive checkpoints are not consistent by their RFC 9162 consistency proof. */
  record Inconsistent(long size1, long size2, String reason) implements VerifyProblem {
    @Override
    public boolean exact() {
      return false;
    }

    @Override
    public long firstBadIndex() {
      return size1;
    }

    @Override
    public String message() {
      return "checkpoints " + size1 + " and " + size2 + " are not consistent: " + reason;
    }
  }
}
