package io.twinguard.signing.ca;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509TrustManager;

/**
 * A JSSE trust manager that accepts exactly the peers {@link ChainValidator} accepts: X.509-SVIDs
 * of the ecosystem CA, not revoked, in the trust domain. Use it for both sides of mTLS (the
 * broker checking twins, twins or the broker checking servers; a server is then trusted only
 * when its certificate carries a SPIFFE ID, as {@code ca issue --dns ... --spiffe-id} makes it).
 * A refused chain becomes a {@link CertificateException} whose cause is the
 * {@link ChainRejectedException} with its {@link Rejection}. After the handshake, {@link #validator()} gives the peer's SPIFFE ID again
 * at the cost of a cache look-up.
 *
 * <p>Thread-safe; {@link #update(TrustMaterial)} swaps in a new CRL without a new SSL context.
 */
public final class SvidTrustManager implements X509TrustManager {

  private final AtomicReference<ChainValidator> validator;
  private final Clock clock;

  public SvidTrustManager(TrustMaterial trust, Clock clock) {
    this.validator = new AtomicReference<>(new ChainValidator(trust));
    this.clock = Objects.requireNonNull(clock);
  }

  /** Replaces the trust material, for example after the CRL file changed. */
  public void update(TrustMaterial trust) {
    validator.set(new ChainValidator(trust));
  }

  /** The validator in use now. */
  public ChainValidator validator() {
    return validator.get();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {validator.get().trustMaterial().caCertificate()};
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    try {
      validator.get().validate(chain, clock.instant());
    } catch (ChainRejectedException e) {
      throw new CertificateException(e.getMessage(), e);
    }
  }
}
