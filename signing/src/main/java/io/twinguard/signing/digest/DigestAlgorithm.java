package io.twinguard.signing.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The RFC 9530 hash algorithms twinguard computes and checks (both "Active" in the registry). */
public enum DigestAlgorithm {
  SHA_256("sha-256", "SHA-256"),
  SHA_512("sha-512", "SHA-512");

  private final String key;
  private final String jcaName;

  DigestAlgorithm(String key, String jcaName) {
    this.key = key;
    this.jcaName = jcaName;
  }

  /** The dictionary key in the field, such as {@code sha-256}. */
  public String key() {
    return key;
  }

  /** The algorithm registered under {@code key}, if twinguard supports it. */
  public static Optional<DigestAlgorithm> forKey(String key) {
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.key.equals(key)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** The digest of {@code content}; a fresh array. */
  public byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance(jcaName).digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is missing from the JDK", e);
    }
  }
}
