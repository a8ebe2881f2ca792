package io.twinguard.broker.identity;

import io.twinguard.signing.ca.ChainValidator;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who the broker is and whom it trusts: its SPIFFE ID; the key and certificate of its TLS (server
 * TLS, and client TLS when forwarding); the key and certificate that sign forwarded requests and
 * released answers (RFC 9421, {@code keyid} the SPIFFE ID), which may be the TLS pair; and the
 * ecosystem CA's trust material. The keys never leave this object except into TLS options and the
 * signer.
 *
 * <p>The trust material can be replaced while the broker runs (a new CRL after a revocation): every
 * validation after {@link #updateTrust} uses the new one. Thread-safe.
 */
public final class BrokerIdentity {

  /** A private key and the certificate of its public key. */
  public record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {
    public KeyAndCertificate {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(certificate, "certificate");
    }

    /** Names the certificate only, so that no log line can carry the key. */
    @Override
    public String toString() {
      return "KeyAndCertificate[" + certificate.getSubjectX500Principal() + ", serial "
          + certificate.getSerialNumber().toString(16) + "]";
    }
  }

  private final String spiffeId;
  private final KeyAndCertificate tls;
  private final X509Certificate signingCertificate;
  private final MessageSigner signer;
  private final AtomicReference<ChainValidator> validator;

  /** An identity whose TLS key also signs messages. */
  public BrokerIdentity(String spiffeId, PrivateKey key, X509Certificate certificate, TrustMaterial trust) {
    this(spiffeId, new KeyAndCertificate(key, certificate), new KeyAndCertificate(key, certificate), trust);
  }

  /**
   * @param spiffeId the broker's SPIFFE ID, also the {@code keyid} of its signatures
   * @param tls the TLS key and certificate
   * @param signing the key that signs messages (Ed25519 or ECDSA P-256) and its certificate
   * @throws IllegalArgumentException when the signing key is of another type or does not belong to
   *     its certificate
   */
  public BrokerIdentity(String spiffeId, KeyAndCertificate tls, KeyAndCertificate signing, TrustMaterial trust) {
    this.spiffeId = Objects.requireNonNull(spiffeId, "spiffeId");
    this.tls = Objects.requireNonNull(tls, "tls");
    this.signingCertificate = signing.certificate();
    this.signer = new MessageSigner(signing.key());
    requireMatching(signing);
    this.validator = new AtomicReference<>(new ChainValidator(Objects.requireNonNull(trust, "trust")));
  }

  /** A key that does not belong to its certificate would sign what nobody can verify: refuse it at start. */
  private void requireMatching(KeyAndCertificate signing) {
    byte[] probe = spiffeId.getBytes(StandardCharsets.UTF_8);
    SignatureAlgorithm algorithm = signer.algorithm();
    if (!algorithm.fits(signing.certificate().getPublicKey())
        || !algorithm.verify(signing.certificate().getPublicKey(), probe, algorithm.sign(signing.key(), probe))) {
      throw new IllegalArgumentException("the signing key does not belong to the signing certificate");
    }
  }

  public String spiffeId() {
    return spiffeId;
  }

  /** The TLS certificate. */
  public X509Certificate certificate() {
    return tls.certificate();
  }

  /** The certificate whose key verifies the broker's message signatures. */
  public X509Certificate signingCertificate() {
    return signingCertificate;
  }

  /** The trust material in force. */
  public TrustMaterial trust() {
    return validator.get().trustMaterial();
  }

  /**
   * Replaces the trust material, for example with a CRL that lists a newly revoked twin.
   *
   * @throws IllegalArgumentException when the new material is of another CA
   */
  public void updateTrust(TrustMaterial next) {
    if (!next.caCertificate().equals(trust().caCertificate())) {
      throw new IllegalArgumentException("the new trust material is of another CA");
    }
    validator.set(new ChainValidator(next));
  }

  /** The broker's certificate and key for Vert.x TLS. */
  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(tls.certificate())))
        .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(tls.key())));
  }

  /** The ecosystem CA certificate for Vert.x TLS. */
  public PemTrustOptions caTrustOptions() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(trust().caCertificatePem()));
  }

  /** Validates twin certificate chains against the CA and the CRL in force; ask again per use. */
  public ChainValidator validator() {
    return validator.get();
  }

  /** Signs messages with the broker's signing key. */
  public MessageSigner signer() {
    return signer;
  }

  @Override
  public String toString() {
    return "BrokerIdentity[" + spiffeId + "]";
  }
}
