package io.twinguard.signing.keys;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.jcajce.interfaces.EdDSAKey;

/** The key types twinguard signs with. */
public enum KeyAlgorithm {
  /** Ed25519 (RFC 8032). */
  ED25519,
  /** ECDSA over NIST P-256 (secp256r1). */
  ECDSA_P256;

  /** The order of P-256's base point: with a 256-bit field it identifies the curve. */
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  /**
   * The algorithm of a public or private key, from Bouncy Castle or from the JDK.
   *
   * @throws IllegalArgumentException when the key is neither Ed25519 nor an EC key on P-256
   */
  public static KeyAlgorithm of(Key key) {
    if (key instanceof EdDSAKey && "Ed25519".equalsIgnoreCase(key.getAlgorithm())
        || key instanceof EdECKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
      return ED25519;
    }
    if (key instanceof ECKey ec && isP256(ec.getParams())) {
      return ECDSA_P256;
    }
    throw new IllegalArgumentException(
        "unsupported key " + key.getAlgorithm() + ": only Ed25519 and ECDSA P-256 are supported");
  }

  private static boolean isP256(ECParameterSpec params) {
    return params != null
        && params.getCurve().getField().getFieldSize() == 256
        && params.getOrder().equals(P256_ORDER);
  }
}
