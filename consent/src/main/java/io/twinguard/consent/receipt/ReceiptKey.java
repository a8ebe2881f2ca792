package io.twinguard.consent.receipt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.twinguard.signing.httpsig.SignatureAlgorithm;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The Ed25519 key that signs consent receipts (JWS, alg EdDSA), as a nimbus {@link JWSSigner}
 * whose signature Bouncy Castle computes (nimbus's own Ed25519 signer needs Tink). Its public half
 * is published as a JWK set so that anyone can verify a receipt. Thread-safe.
 */
public final class ReceiptKey implements JWSSigner {

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;
  private final JCAContext jca = new JCAContext();

  private ReceiptKey(PrivateKey privateKey) {
    if (KeyAlgorithm.of(privateKey) != KeyAlgorithm.ED25519) {
      throw new IllegalArgumentException("a receipt key is Ed25519");
    }
    this.privateKey = privateKey;
    this.publicKey = Keys.publicKeyOf(privateKey);
    this.keyId = Keys.thumbprint(publicKey);
  }

  /** A signer for an Ed25519 private key. @throws IllegalArgumentException for another kind of key */
  public static ReceiptKey of(PrivateKey ed25519) {
    return new ReceiptKey(ed25519);
  }

  /**
   * Reads the key from a PKCS#8 PEM file, or creates the file with a new key (owner-only).
   *
   * @throws UncheckedIOException when the file cannot be read or written
   * @throws IllegalArgumentException when it holds no Ed25519 key
   */
  public static ReceiptKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Keys.writePrivateKey(file, Keys.generate(KeyAlgorithm.ED25519).getPrivate(), null);
      }
      return new ReceiptKey(Keys.readPrivateKey(file, null));
    } catch (KeyFileException e) {
      throw new IllegalArgumentException("cannot read the receipt key " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the receipt key " + file, e);
    }
  }

  /** The RFC 7638 thumbprint of the public key, the {@code kid} of every receipt. */
  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as a JWK set ({@code {"keys":[{"kty":"OKP","crv":"Ed25519",...}]}}). */
  public JWKSet publicJwks() {
    byte[] x = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData().getBytes();
    return new JWKSet(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
        .keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.EdDSA).build());
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new JOSEException("a receipt key signs EdDSA only");
    }
    return Base64URL.encode(SignatureAlgorithm.ED25519.sign(privateKey, signingInput));
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }

  @Override
  public String toString() {
    return "ReceiptKey[" + keyId + "]";
  }
}
