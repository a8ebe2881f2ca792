package io.twinguard.audit.merkle;

/**
 * A complete subtree of the log: at {@code level} L it covers the leaves {@code [index * 2^L,
 * (index + 1) * 2^L)}. Level 0 is a leaf hash. Such a subtree's hash never changes once the log has
 * grown past it, which is why it can be stored once and read by proofs.
 *
 * @param level 0 to 63
 * @param index 0 or more
 */
public record NodeId(int level, long index) {

  /**
   * @throws IllegalArgumentException when the level or index is out of range
   */
  public NodeId {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("level out of range: " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("negative index: " + index);
    }
  }

  /** The index of the first leaf under this node. */
  public long firstLeaf() {
    return index << level;
  }
}
