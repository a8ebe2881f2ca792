package io.twinguard.audit.merkle;

import java.util.Arrays;
import java.util.HexFormat;

/** Why a proof did not verify. Each case carries the values that were compared. */
public sealed interface ProofError {

  /** A one-line description for people. */
  String message();

  /** The leaf index is not inside the tree. */
  record IndexOutOfRange(long index, long size) implements ProofError {
    @Override
    public String message() {
      return "index " + index + " is not in a tree of size " + size;
    }
  }

  /** The sizes cannot be proved consistent: the second is smaller or the first is zero. */
  record BadSizes(long size1, long size2) implements ProofError {
    @Override
    public String message() {
      return "no consistency proof exists from size " + size1 + " to size " + size2;
    }
  }

  /** A leaf hash or proof hash is not {@value Rfc9162#HASH_SIZE} bytes long. */
  record WrongHashSize(String what, int got) implements ProofError {
    @Override
    public String message() {
      return what + " is " + got + " bytes long, want " + Rfc9162.HASH_SIZE;
    }
  }

  /** The proof has the wrong number of hashes for its sizes. */
  record WrongProofLength(int got, int want) implements ProofError {
    @Override
    public String message() {
      return "proof has " + got + " hashes, want " + want;
    }
  }

  /** The root computed from the proof differs from the expected root. */
  record RootMismatch(byte[] computed, byte[] expected) implements ProofError {
    public RootMismatch {
      computed = computed.clone();
      expected = expected.clone();
    }

    @Override
    public byte[] computed() {
      return computed.clone();
    }

    @Override
    public byte[] expected() {
      return expected.clone();
    }

    @Override
    public String message() {
      return "computed root "
          + HexFormat.of().formatHex(computed)
          + " differs from expected root "
          + HexFormat.of().formatHex(expected);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RootMismatch r
          && Arrays.equals(computed, r.computed)
          && Arrays.equals(expected, r.expected);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(computed) + Arrays.hashCode(expected);
    }

    @Override
    public String toString() {
      return "RootMismatch[" + message() + "]";
    }
  }
}
