package io.twinguard.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 section 2.1 hash functions with SHA-256: a leaf hash is {@code SHA-256(0x00 ||
 * leaf)}, an interior node hash is {@code SHA-256(0x01 || left || right)}, and the root of an empty
 * tree is {@code SHA-256("")}. Pure and thread-safe; every returned array is fresh.
 */
public final class Rfc9162 {

  /** The length of every hash, in bytes. */
  public static final int HASH_SIZE = 32;

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java platform has SHA-256", e);
            }
          });

  private Rfc9162() {}

  /** The root hash of the empty tree, {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest.digest();
  }

  /** {@code SHA-256(0x00 || leaf)}. */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    digest.update((byte) 0x00);
    digest.update(leaf);
    return digest.digest();
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    digest.update((byte) 0x01);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }
}
