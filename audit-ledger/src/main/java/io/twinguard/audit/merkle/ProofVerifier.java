package io.twinguard.audit.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion and consistency proofs (sections 2.1.3.2 and 2.1.4.2). Pure
 * functions: each returns normally when the proof holds and throws {@link ProofException} with the
 * reason otherwise, so a failed check cannot be ignored.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * Checks that the leaf with hash {@code leafHash} is at {@code index} in the tree of {@code size}
   * leaves whose root is {@code root}.
   *
   * @throws ProofException when {@code index} is not in {@code [0, size)}, the proof has the wrong
   *     length or a hash of the wrong size, or the computed root differs from {@code root}
   */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws ProofException {
    byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
    if (!MessageDigest.isEqual(computed, root)) {
      throw new ProofException(new ProofError.RootMismatch(computed, root));
    }
  }

  /**
   * The root implied by an inclusion proof.
   *
   * @throws ProofException when {@code index} is not in {@code [0, size)} or the proof has the wrong
   *     length or a hash of the wrong size
   */
  public static byte[] rootFromInclusionProof(
      long index, long size, byte[] leafHash, List<byte[]> proof) throws ProofException {
    if (index < 0 || index >= size) {
      throw new ProofException(new ProofError.IndexOutOfRange(index, size));
    }
    int want = ProofPlan.inclusion(index, size).size();
    if (proof.size() != want) {
      throw new ProofException(new ProofError.WrongProofLength(proof.size(), want));
    }
    checkHashSize("leaf hash", leafHash);
    checkHashSizes(proof);
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash.clone();
    for (byte[] p : proof) {
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc9162.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = Rfc9162.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return r;
  }

  /**
   * Checks that the tree of {@code size2} leaves with root {@code root2} extends the tree of {@code
   * size1} leaves with root {@code root1}. Equal sizes need an empty proof and equal roots. A proof
   * from the empty tree is refused: it would prove nothing.
   *
   * @throws ProofException when the sizes are not {@code 0 < size1 <= size2}, the proof has the
   *     wrong length or a hash of the wrong size, or either computed root differs from the given one
   */
  public static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
      throws ProofException {
    if (size1 <= 0 || size2 < size1) {
      throw new ProofException(new ProofError.BadSizes(size1, size2));
    }
    int want = ProofPlan.consistency(size1, size2).size();
    if (proof.size() != want) {
      throw new ProofException(new ProofError.WrongProofLength(proof.size(), want));
    }
    checkHashSizes(proof);
    if (size1 == size2) {
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new ProofException(new ProofError.RootMismatch(root2, root1));
      }
      return;
    }
    boolean powerOfTwo = Long.bitCount(size1) == 1;
    int i = 0;
    byte[] first = powerOfTwo ? root1.clone() : proof.get(i++);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = first;
    byte[] sr = first;
    for (; i < proof.size(); i++) {
      byte[] c = proof.get(i);
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc9162.nodeHash(c, fr);
        sr = Rfc9162.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = Rfc9162.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new ProofException(new ProofError.RootMismatch(fr, root1));
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new ProofException(new ProofError.RootMismatch(sr, root2));
    }
  }

  private static void checkHashSizes(List<byte[]> proof) throws ProofException {
    for (int i = 0; i < proof.size(); i++) {
      checkHashSize("proof hash " + i, proof.get(i));
    }
  }

  private static void checkHashSize(String what, byte[] hash) throws ProofException {
    if (hash.length != Rfc9162.HASH_SIZE) {
      throw new ProofException(new ProofError.WrongHashSize(what, hash.length));
    }
  }
}
