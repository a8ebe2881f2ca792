package io.twinguard.audit.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random trees: the stored-subtree code against the literal RFC definitions in ReferenceTree. */
class ProofPropertiesTest {

  private static final long SEED = 9162;

  @Test
  void rootAndProofs_randomTrees_matchReferenceAndVerify() throws ProofException {
    Random random = new Random(SEED);
    for (int trial = 0; trial < 60; trial++) {
      int size = 1 + random.nextInt(trial < 30 ? 40 : 700);
      List<byte[]> leaves = randomLeaves(random, size);
      Map<NodeId, byte[]> store = new HashMap<>();
      CompactRange range = CompactRange.empty();
      List<byte[]> roots = new ArrayList<>();
      for (byte[] leaf : leaves) {
        for (CompactRange.Node node : range.append(Rfc9162.leafHash(leaf))) {
          store.put(node.id(), node.hash());
        }
        roots.add(range.root());
      }
      for (int n = 1; n <= size; n++) {
        assertArrayEquals(ReferenceTree.mth(leaves.subList(0, n)), roots.get(n - 1), "root " + n);
        assertArrayEquals(roots.get(n - 1), ProofPlan.root(n).hash(store::get), "recipe root " + n);
      }
      for (int probe = 0; probe < 20; probe++) {
        int n = 1 + random.nextInt(size);
        int m = random.nextInt(n);
        List<byte[]> path = ProofPlan.hashes(ProofPlan.inclusion(m, n), store::get);
        assertSameHashes(ReferenceTree.path(m, leaves.subList(0, n)), path);
        ProofVerifier.verifyInclusion(m, n, Rfc9162.leafHash(leaves.get(m)), path, roots.get(n - 1));

        int m1 = 1 + random.nextInt(n);
        List<byte[]> proof = ProofPlan.hashes(ProofPlan.consistency(m1, n), store::get);
        assertSameHashes(ReferenceTree.proof(m1, leaves.subList(0, n)), proof);
        ProofVerifier.verifyConsistency(m1, n, proof, roots.get(m1 - 1), roots.get(n - 1));
      }
    }
  }

  @Test
  void verify_anyFlippedBitOrWrongLeaf_isRefused() {
    Random random = new Random(SEED + 1);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(300);
      List<byte[]> leaves = randomLeaves(random, n);
      byte[] root = ReferenceTree.mth(leaves);
      int m = random.nextInt(n);
      List<byte[]> path = ReferenceTree.path(m, leaves);
      if (!path.isEmpty()) {
        List<byte[]> bad = flipOne(random, path);
        assertInstanceOf(
            ProofError.RootMismatch.class,
            assertThrows(
                    ProofException.class,
                    () -> ProofVerifier.verifyInclusion(m, n, Rfc9162.leafHash(leaves.get(m)), bad, root))
                .error());
      }
      int other = (m + 1) % n;
      assertThrows(
          ProofException.class,
          () -> ProofVerifier.verifyInclusion(m, n, Rfc9162.leafHash(leaves.get(other)), path, root));

      int m1 = 1 + random.nextInt(n - 1);
      List<byte[]> proof = ReferenceTree.proof(m1, leaves);
      byte[] root1 = ReferenceTree.mth(leaves.subList(0, m1));
      List<byte[]> badProof = flipOne(random, proof);
      assertThrows(
          ProofException.class,
          () -> ProofVerifier.verifyConsistency(m1, n, badProof, root1, root));
      List<byte[]> shorter = proof.subList(0, proof.size() - 1);
      assertInstanceOf(
          ProofError.WrongProofLength.class,
          assertThrows(
                  ProofException.class,
                  () -> ProofVerifier.verifyConsistency(m1, n, shorter, root1, root))
              .error());
    }
  }

  @Test
  void verifyInclusion_indexOutsideTree_carriesIndexAndSize() {
    ProofException e =
        assertThrows(
            ProofException.class,
            () -> ProofVerifier.verifyInclusion(5, 5, new byte[32], List.of(), new byte[32]));
    assertEquals(new ProofError.IndexOutOfRange(5, 5), e.error());
  }

  @Test
  void emptyRoot_isSha256OfNothing() {
    assertArrayEquals(ReferenceTree.mth(List.of()), CompactRange.empty().root());
    assertEquals(
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        java.util.Base64.getEncoder().encodeToString(Rfc9162.emptyRoot()));
  }

  private static List<byte[]> randomLeaves(Random random, int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] leaf = new byte[random.nextInt(64)];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    return leaves;
  }

  private static List<byte[]> flipOne(Random random, List<byte[]> hashes) {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] h : hashes) {
      copy.add(h.clone());
    }
    byte[] target = copy.get(random.nextInt(copy.size()));
    target[random.nextInt(target.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  private static void assertSameHashes(List<byte[]> want, List<byte[]> got) {
    assertEquals(want.size(), got.size(), "proof length");
    for (int i = 0; i < want.size(); i++) {
      assertArrayEquals(want.get(i), got.get(i), "proof hash " + i);
    }
  }
}
