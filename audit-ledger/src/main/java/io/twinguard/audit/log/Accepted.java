package io.twinguard.audit.log;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record the log has accepted: durable, so that a caller may answer once it has this, and named
 * by its RFC 9162 leaf hash ({@code SHA-256(0x00 || leaf)}), by which its inclusion proof can be
 * asked for once it is integrated ({@link AuditLog#inclusionProof(byte[])}).
 */
public sealed interface Accepted {

  /** The leaf hash of the record: 32 bytes, a copy. */
  byte[] leafHash();

  /** The leaf hash in lower-case hex, the record's audit reference once its index is not yet known. */
  default String reference() {
    return HexFormat.of().formatHex(leafHash());
  }

  /**
   * Accepted by the log's only writer, which gave it its index in the same commit.
   *
   * @param appended its index and the checkpoint of its commit
   */
  record Integrated(byte[] leafHash, Appended appended) implements Accepted {

    /** @throws IllegalArgumentException unless the hash has 32 bytes and the index is given */
    public Integrated {
      leafHash = checked(leafHash);
      if (appended == null) {
        throw new IllegalArgumentException("an integrated record needs its index");
      }
    }

    @Override
    public byte[] leafHash() {
      return leafHash.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Integrated other && Arrays.equals(leafHash, other.leafHash) && appended.equals(other.appended);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(leafHash) + appended.hashCode();
    }

    @Override
    public String toString() {
      return "Integrated[" + reference() + " at " + appended.index() + "]";
    }
  }

  /**
   * Accepted as an entry of a log with shared writers: durable, its index given later by the
   * log's integrator ({@link AuditLog#integrated(Accepted)}).
   *
   * @param entryId the entry's id in the log's queue of entries, positive
   */
  record Sequenced(byte[] leafHash, long entryId) implements Accepted {

    /** @throws IllegalArgumentException unless the hash has 32 bytes and the id is positive */
    public Sequenced {
      leafHash = checked(leafHash);
      if (entryId < 1) {
        throw new IllegalArgumentException("an entry id is positive, not " + entryId);
      }
    }

    @Override
    public byte[] leafHash() {
      return leafHash.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sequenced other && Arrays.equals(leafHash, other.leafHash) && entryId == other.entryId;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(leafHash) + Long.hashCode(entryId);
    }

    @Override
    public String toString() {
      return "Sequenced[" + reference() + " as entry " + entryId + "]";
    }
  }

  private static byte[] checked(byte[] leafHash) {
    if (leafHash == null || leafHash.length != 32) {
      throw new IllegalArgumentException("a leaf hash has 32 bytes");
    }
    return leafHash.clone();
  }
}
