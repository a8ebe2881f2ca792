package io.twinguard.signing.httpsig;

import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.keys.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Optional;

/**
 * The RFC 9421 signature algorithms twinguard implements. ECDSA signatures are the raw 64-byte
 * {@code r || s} of RFC 9421 section 3.3.4, not DER; Ed25519 signs the base without pre-hash.
 */
public enum SignatureAlgorithm {
  ED25519("ed25519", "Ed25519", KeyAlgorithm.ED25519),
  // Bouncy Castle's PLAIN-ECDSA emits and accepts fixed-length r || s (BSI TR-03111).
  ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withPLAIN-ECDSA", KeyAlgorithm.ECDSA_P256);

  private static final int SIGNATURE_LENGTH = 64;
  /** Shared (SecureRandom is thread-safe) so that ECDSA does not seed a new one per signature. */
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String httpName;
  private final String jcaName;
  private final KeyAlgorithm keyAlgorithm;
  /**
   * One engine per thread: looking one up in the provider costs about as much as an Ed25519
   * signature, and an engine is reset by every {@code initSign} or {@code initVerify}.
   */
  private final ThreadLocal<Signature> engines;

  SignatureAlgorithm(String httpName, String jcaName, KeyAlgorithm keyAlgorithm) {
    this.httpName = httpName;
    this.jcaName = jcaName;
    this.keyAlgorithm = keyAlgorithm;
    this.engines = ThreadLocal.withInitial(this::newEngine);
  }

  private Signature newEngine() {
    try {
      return Signature.getInstance(jcaName, BouncyCastle.PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(httpName + " is not available: " + e.getMessage(), e);
    }
  }

  /** The name in the HTTP Signature Algorithms registry, as used in {@code alg}. */
  public String httpName() {
    return httpName;
  }

  /** The algorithm registered under {@code httpName}, if twinguard implements it. */
  public static Optional<SignatureAlgorithm> forHttpName(String httpName) {
    for (SignatureAlgorithm algorithm : values()) {
      if (algorithm.httpName.equals(httpName)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /**
   * The algorithm that fits a key.
   *
   * @throws IllegalArgumentException for keys other than Ed25519 and ECDSA P-256
   */
  public static SignatureAlgorithm forKey(Key key) {
    return switch (KeyAlgorithm.of(key)) {
      case ED25519 -> ED25519;
      case ECDSA_P256 -> ECDSA_P256_SHA256;
    };
  }

  /** Signs the signature base; the result is always 64 bytes. */
  public byte[] sign(PrivateKey key, byte[] signatureBase) {
    requireFits(key);
    try {
      Signature signer = engines.get();
      signer.initSign(key, RANDOM);
      signer.update(signatureBase);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(httpName + " signing failed: " + e.getMessage(), e);
    }
  }

  /** Whether {@code signature} is a valid signature of the base; malformed signatures are false. */
  public boolean verify(PublicKey key, byte[] signatureBase, byte[] signature) {
    requireFits(key);
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Signature verifier = engines.get();
      verifier.initVerify(key);
      verifier.update(signatureBase);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether the key is of the type this algorithm needs. */
  public boolean fits(Key key) {
    try {
      return KeyAlgorithm.of(key) == keyAlgorithm;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void requireFits(Key key) {
    if (!fits(key)) {
      throw new IllegalArgumentException(httpName + " cannot use a " + key.getAlgorithm() + " key");
    }
  }
}
