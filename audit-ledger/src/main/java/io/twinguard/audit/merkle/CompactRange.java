package io.twinguard.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing tree: the hashes of the complete subtrees that cover leaves {@code
 * [0, size)}, one per set bit of size, largest first. Appending a leaf returns every subtree it
 * completes, so a store can keep each complete subtree once. Holds O(log n) hashes. Not
 * thread-safe: one owner appends.
 */
public final class CompactRange {

  /** A complete subtree and its hash. */
  public record Node(NodeId id, byte[] hash) {
    public Node {
      hash = hash.clone();
    }

    @Override
    public byte[] hash() {
      return hash.clone();
    }
  }

  private long size;
  private final List<byte[]> hashes;

  private CompactRange(long size, List<byte[]> hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  /** The range of the empty tree. */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>());
  }

  /** The complete subtrees a range of {@code size} leaves is made of, largest first. */
  public static List<NodeId> edge(long size) {
    return size == 0 ? List.of() : ProofPlan.root(size).nodes();
  }

  /**
   * A range rebuilt from stored subtrees.
   *
   * @param hashes the hashes of {@link #edge(long) edge(size)}, in that order
   * @throws IllegalArgumentException when the number of hashes does not match the size
   */
  public static CompactRange of(long size, List<byte[]> hashes) {
    if (size < 0 || hashes.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(
          "a range of size " + size + " has " + Long.bitCount(size) + " hashes, not " + hashes.size());
    }
    List<byte[]> copy = new ArrayList<>();
    for (byte[] h : hashes) {
      copy.add(h.clone());
    }
    return new CompactRange(size, copy);
  }

  /** An independent copy, so that a batch can be computed and thrown away if it is not stored. */
  public CompactRange copy() {
    return of(size, hashes);
  }

  public long size() {
    return size;
  }

  /**
   * Appends a leaf by its leaf hash.
   *
   * @return the subtrees this leaf completes: the leaf itself at level 0, then each larger one
   */
  public List<Node> append(byte[] leafHash) {
    long index = size;
    List<Node> completed = new ArrayList<>();
    byte[] hash = leafHash.clone();
    completed.add(new Node(new NodeId(0, index), hash));
    int level = 0;
    // each trailing one bit of the old size is a subtree of the same size as the new one: merge
    while (((index >>> level) & 1) == 1) {
      byte[] left = hashes.remove(hashes.size() - 1);
      hash = Rfc9162.nodeHash(left, hash);
      level++;
      completed.add(new Node(new NodeId(level, index >>> level), hash));
    }
    hashes.add(hash);
    size++;
    return completed;
  }

  /** The root hash of the leaves so far (the empty root for no leaves). */
  public byte[] root() {
    if (hashes.isEmpty()) {
      return Rfc9162.emptyRoot();
    }
    byte[] hash = hashes.get(hashes.size() - 1).clone();
    for (int i = hashes.size() - 2; i >= 0; i--) {
      hash = Rfc9162.nodeHash(hashes.get(i), hash);
    }
    return hash;
  }
}
