package io.twinguard.signing.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.twinguard.signing.internal.BouncyCastle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Turns a JWK into a public key for one algorithm and checks a compact JWS signature with it,
 * through the signing module's Bouncy Castle provider. Nimbus parses; Bouncy Castle verifies, so
 * Ed25519 needs no extra library and every algorithm takes one path.
 */
final class JwsSignatures {

  /** RSA keys shorter than this are refused (RFC 7518 section 3.3 requires 2048 bits). */
  private static final int MIN_RSA_BITS = 2048;

  private JwsSignatures() {}

  /**
   * The public key of {@code jwk} if it may verify {@code alg}: the right key type and curve, a
   * {@code use} of {@code sig} or none, an {@code alg} equal to {@code alg} or none.
   */
  static Optional<PublicKey> publicKey(JWK jwk, TokenAlgorithm alg) {
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())
        || jwk.getAlgorithm() != null && !alg.joseName().equals(jwk.getAlgorithm().getName())) {
      return Optional.empty();
    }
    try {
      return switch (alg) {
        case RS256 -> jwk instanceof RSAKey rsa
            && rsa.toRSAPublicKey().getModulus().bitLength() >= MIN_RSA_BITS
            ? Optional.of(rsa.toRSAPublicKey()) : Optional.empty();
        case ES256 -> jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
            ? Optional.of(ec.toECPublicKey()) : Optional.empty();
        case EDDSA -> jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
            ? Optional.of(ed25519(okp.getX().decode())) : Optional.empty();
      };
    } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code signature} is {@code alg}'s signature by {@code key} over header.payload. */
  static boolean verifies(TokenAlgorithm alg, PublicKey key, Base64URL header, Base64URL payload,
      Base64URL signature) {
    byte[] raw = signature.decode();
    if (alg != TokenAlgorithm.RS256 && raw.length != 64) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(alg.jcaName(), BouncyCastle.PROVIDER);
      verifier.initVerify(key);
      verifier.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(raw);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static PublicKey ed25519(byte[] x) throws GeneralSecurityException {
    if (x.length != 32) {
      throw new GeneralSecurityException("an Ed25519 key has 32 bytes, not " + x.length);
    }
    byte[] spki;
    try {
      spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), x)
          .getEncoded();
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("cannot encode an Ed25519 key", e);
    }
    return KeyFactory.getInstance("Ed25519", BouncyCastle.PROVIDER)
        .generatePublic(new X509EncodedKeySpec(spki));
  }
}
