package io.twinguard.audit.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How to compute the hash of a run of leaves {@code [start, start + n)} whose start is aligned (a
 * multiple of the largest power of two not above n) from stored complete subtrees: the subtrees in
 * left-to-right order, largest first, folded from the right as RFC 9162's MTH does.
 *
 * @param nodes one or more complete subtrees, left to right
 */
public record HashRecipe(List<NodeId> nodes) {

  /**
   * @throws IllegalArgumentException when there is no node
   */
  public HashRecipe {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a recipe needs at least one node");
    }
  }

  /** The MTH of {@code count} leaves starting at {@code start}, which must be aligned. */
  static HashRecipe ofRange(long start, long count) {
    ArrayList<NodeId> nodes = new ArrayList<>();
    long at = start;
    long left = count;
    while (left > 0) {
      int level = 63 - Long.numberOfLeadingZeros(left);
      nodes.add(new NodeId(level, at >>> level));
      at += 1L << level;
      left -= 1L << level;
    }
    return new HashRecipe(nodes);
  }

  /**
   * Computes the hash.
   *
   * @param hashes the hash of each complete subtree
   * @throws IllegalArgumentException when {@code hashes} has no hash for a node
   */
  public byte[] hash(Function<NodeId, byte[]> hashes) {
    byte[] hash = lookup(hashes, nodes.get(nodes.size() - 1));
    for (int i = nodes.size() - 2; i >= 0; i--) {
      hash = Rfc9162.nodeHash(lookup(hashes, nodes.get(i)), hash);
    }
    return hash;
  }

  private static byte[] lookup(Function<NodeId, byte[]> hashes, NodeId node) {
    byte[] hash = hashes.apply(node);
    if (hash == null) {
      throw new IllegalArgumentException("no hash for " + node);
    }
    return hash;
  }
}
