package io.twinguard.audit.merkle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which stored complete subtrees make up a root, an inclusion proof or a consistency proof, after
 * the definitions MTH, PATH and PROOF of RFC 9162 section 2.1. Each element of a proof is the hash
 * of an aligned run of leaves, so it is one {@link HashRecipe}; a proof needs O(log n) subtrees, and
 * a store answers it with one read of that many rows. Pure functions.
 */
public final class ProofPlan {

  private ProofPlan() {}

  /**
   * The recipe for the root of a tree of {@code size} leaves.
   *
   * @throws IllegalArgumentException when size is not positive (the empty root is {@link
   *     Rfc9162#emptyRoot()})
   */
  public static HashRecipe root(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("no recipe for the root of an empty tree");
    }
    return HashRecipe.ofRange(0, size);
  }

  /**
   * The inclusion proof PATH(index, D[0:size]), leaf end first.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public static List<HashRecipe> inclusion(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
    }
    List<HashRecipe> proof = new ArrayList<>();
    path(index, 0, size, proof);
    return proof;
  }

  /**
   * The consistency proof PROOF(size1, D[0:size2]).
   *
   * @throws IllegalArgumentException unless {@code 0 < size1 <= size2}
   */
  public static List<HashRecipe> consistency(long size1, long size2) {
    if (size1 <= 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + size1 + " to size " + size2);
    }
    List<HashRecipe> proof = new ArrayList<>();
    subproof(size1, 0, size2, true, proof);
    return proof;
  }

  /** Every subtree the recipes need, without repetition. */
  public static Set<NodeId> nodes(List<HashRecipe> recipes) {
    Set<NodeId> nodes = new LinkedHashSet<>();
    for (HashRecipe recipe : recipes) {
      nodes.addAll(recipe.nodes());
    }
    return nodes;
  }

  /**
   * The proof hashes, in order.
   *
   * @throws IllegalArgumentException when {@code hashes} lacks a needed subtree
   */
  public static List<byte[]> hashes(List<HashRecipe> recipes, Function<NodeId, byte[]> hashes) {
    List<byte[]> proof = new ArrayList<>(recipes.size());
    for (HashRecipe recipe : recipes) {
      proof.add(recipe.hash(hashes));
    }
    return proof;
  }

  private static void path(long index, long start, long size, List<HashRecipe> out) {
    if (size == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(size);
    if (index < k) {
      path(index, start, k, out);
      out.add(HashRecipe.ofRange(start + k, size - k));
    } else {
      path(index - k, start + k, size - k, out);
      out.add(HashRecipe.ofRange(start, k));
    }
  }

  private static void subproof(
      long size1, long start, long size, boolean whole, List<HashRecipe> out) {
    if (size1 == size) {
      if (!whole) {
        out.add(HashRecipe.ofRange(start, size));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(size);
    if (size1 <= k) {
      subproof(size1, start, k, whole, out);
      out.add(HashRecipe.ofRange(start + k, size - k));
    } else {
      subproof(size1 - k, start + k, size - k, false, out);
      out.add(HashRecipe.ofRange(start, k));
    }
  }

  /** The largest power of two strictly below n, for n >= 2. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
