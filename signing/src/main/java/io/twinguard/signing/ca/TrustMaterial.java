package io.twinguard.signing.ca;

import io.twinguard.signing.internal.BouncyCastle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * What a relying party needs to trust twins of one trust domain: the CA certificate and its
 * current CRL, whose signature is checked here. Hand {@link #caCertificatePem()} and
 * {@link #crlPem()} to Vert.x ({@code PemTrustOptions.addCertValue}, {@code addCrlValue}).
 *
 * @param trustDomain the trust domain whose SPIFFE IDs are accepted
 * @param caCertificate the self-signed ecosystem CA certificate
 * @param crl the CA's CRL
 */
public record TrustMaterial(TrustDomain trustDomain, X509Certificate caCertificate, X509CRL crl) {

  /** @throws IllegalArgumentException when the CRL is not signed by the CA */
  public TrustMaterial {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(crl, "crl");
    try {
      crl.verify(caCertificate.getPublicKey(), BouncyCastle.PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the CRL is not signed by the CA: " + e.getMessage(), e);
    }
  }

  /** The CA certificate as PEM. */
  public String caCertificatePem() {
    return pem(caCertificate);
  }

  /** The CRL as PEM ({@code X509 CRL}). */
  public String crlPem() {
    return pem(crl);
  }

  /** Parses a PEM or DER certificate, for example one that a test or a TLS stack holds. */
  public static X509Certificate parseCertificate(byte[] encoded) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
        .generateCertificate(new ByteArrayInputStream(encoded));
  }

  /** Parses a PEM or DER CRL. */
  public static X509CRL parseCrl(byte[] encoded) throws GeneralSecurityException {
    return (X509CRL) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
        .generateCRL(new ByteArrayInputStream(encoded));
  }

  /** A certificate as PEM, for TLS options that take PEM text. */
  public static String certificatePem(X509Certificate certificate) {
    return pem(certificate);
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException("writing PEM to memory failed", e);
    }
    return out.toString();
  }
}
