package io.twinguard.audit.anchor;

/** How the local audit log disagrees with the checkpoints anchored on Fabric. */
public sealed interface AnchorProblem {

  /** The anchor the local log fails. */
  Anchor anchor();

  /** One line for people. */
  String message();

  /**
   * The local log is shorter than an anchored checkpoint: records were removed after they were
   * anchored.
   *
   * @param anchor the smallest anchor larger than the local log
   * @param localSize the size of the local log (its newest checkpoint, or its leaves up to the first
   *     missing one)
   */
  record Rollback(Anchor anchor, long localSize) implements AnchorProblem {
    @Override
    public String message() {
      return "rollback: the local log has " + localSize + " records but Fabric anchored tree size "
          + anchor.treeSize() + " (transaction " + anchor.txId() + "); they part at tree size "
          + (localSize + 1);
    }
  }

  /**
   * The local log no longer extends an anchored checkpoint.
   *
   * @param anchor the smallest anchor the local log fails: the first anchored tree size where they
   *     part
   * @param agreedSize the largest anchored tree size the local log still matches, 0 if none
   * @param detail what differs
   */
  record Fork(Anchor anchor, long agreedSize, String detail) implements AnchorProblem {
    @Override
    public String message() {
      return "fork: the local log parts from the anchor of tree size " + anchor.treeSize()
          + " (transaction " + anchor.txId() + ")"
          + (agreedSize > 0 ? " after agreeing with the anchor of tree size " + agreedSize : "")
          + ": " + detail;
    }
  }
}
