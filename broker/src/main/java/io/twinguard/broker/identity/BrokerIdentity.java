package io.twinguard.broker.identity;

import io.twinguard.signing.ca.ChainValidator;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who the broker is and whom it trusts: its SPIFFE ID, key and certificate (server TLS, client TLS
 * when forwarding, and the key that signs forwarded requests and released responses), and the
 * ecosystem CA's trust material. The key never leaves this object except into TLS options and the
 * signer.
 *
 * <p>The trust material can be replaced while the broker runs (a new CRL after a revocation): every
 * validation after {@link #updateTrust} uses the new one. Thread-safe.
 */
public final class BrokerIdentity {

  private final String spiffeId;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final AtomicReference<ChainValidator> validator;

  /**
   * @param spiffeId the broker's SPIFFE ID, also the {@code keyid} of its signatures
   */
  public BrokerIdentity(String spiffeId, PrivateKey key, X509Certificate certificate, TrustMaterial trust) {
    this.spiffeId = Objects.requireNonNull(spiffeId, "spiffeId");
    this.key = Objects.requireNonNull(key, "key");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.validator = new AtomicReference<>(new ChainValidator(Objects.requireNonNull(trust, "trust")));
  }

  public String spiffeId() {
    return spiffeId;
  }

  public X509Certificate certificate() {
    return certificate;
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
        .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(certificate)))
        .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(key)));
  }

  /** The ecosystem CA certificate for Vert.x TLS. */
  public PemTrustOptions caTrustOptions() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(trust().caCertificatePem()));
  }

  /** Validates twin certificate chains against the CA and the CRL in force; ask again per use. */
  public ChainValidator validator() {
    return validator.get();
  }

  /** Signs messages with the broker's key. */
  public MessageSigner signer() {
    return new MessageSigner(key);
  }

  @Override
  public String toString() {
    return "BrokerIdentity[" + spiffeId + "]";
  }
}
