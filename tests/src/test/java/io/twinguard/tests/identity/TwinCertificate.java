package io.twinguard.tests.identity;

import io.twinguard.signing.ca.CertificateAuthority;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A twin's X.509-SVID issued, with signing's {@link CertificateAuthority}, by the test CA that
 * {@code scripts/keycloak.sh} made and Keycloak trusts for client certificates, and the TLS
 * context that presents it to Keycloak's HTTPS listener.
 */
record TwinCertificate(X509Certificate certificate, SSLContext tls) {

  private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

  /** Issues a P-256 certificate for {@code spiffeId} from the CA key and certificate files. */
  static TwinCertificate issue(Path caKey, Path caCert, Path serverCa, String spiffeId) throws Exception {
    PrivateKey caPrivate = Keys.readPrivateKey(caKey, null);
    CertificateAuthority ca = new CertificateAuthority(new TrustDomain("city.example"),
        Keys.keyPairOf(caPrivate), certificate(Files.readAllBytes(caCert)));
    KeyPair twin = Keys.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate issued = ca.issueTwin(SpiffeId.parse(spiffeId), twin.getPublic(),
        Instant.now().minus(Duration.ofMinutes(1)), Duration.ofHours(1));
    // JSSE wants JDK-parsed keys and certificates (FINDINGS: a Bouncy Castle certificate object
    // makes a client silently send none)
    X509Certificate jdkCertificate = certificate(issued.getEncoded());
    PrivateKey jdkKey = KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(twin.getPrivate().getEncoded()));
    KeyStore identity = KeyStore.getInstance("PKCS12");
    identity.load(null, null);
    identity.setKeyEntry("twin", jdkKey, STORE_PASSWORD,
        new Certificate[] {jdkCertificate, certificate(ca.certificate().getEncoded())});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, STORE_PASSWORD);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("keycloak-ca", certificate(Files.readAllBytes(serverCa)));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLSv1.3");
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return new TwinCertificate(jdkCertificate, tls);
  }

  private static X509Certificate certificate(byte[] encoded) throws Exception {
    try (InputStream in = new ByteArrayInputStream(encoded)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
