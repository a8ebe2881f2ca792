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

/**
 * Who the broker is and whom it trusts: its SPIFFE ID, key and certificate (server TLS, client TLS
 * when forwarding, and the key that signs forwarded requests and released responses), and the
 * ecosystem CA's trust material. The key never leaves this object except into TLS options and the
 * signer.
 *
 * @param spiffeId the broker's SPIFFE ID, also the {@code keyid} of its signatures
 */
public record BrokerIdentity(String spiffeId, PrivateKey key, X509Certificate certificate, TrustMaterial trust) {

  public BrokerIdentity {
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(trust, "trust");
  }

  /** The broker's certificate and key for Vert.x TLS. */
  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(certificate)))
        .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(key)));
  }

  /** The ecosystem CA certificate for Vert.x TLS. */
  public PemTrustOptions caTrustOptions() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(trust.caCertificatePem()));
  }

  /** Validates twin certificate chains against the CA and its CRL. */
  public ChainValidator validator() {
    return new ChainValidator(trust);
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
