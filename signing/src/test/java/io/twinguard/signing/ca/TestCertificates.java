package io.twinguard.signing.ca;

import io.twinguard.signing.internal.BouncyCastle;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds leaf certificates that our CA refuses to issue (several URI SANs, foreign SPIFFE IDs),
 * signed with the CA key, so that the validator's SPIFFE checks can be exercised.
 */
final class TestCertificates {

  private TestCertificates() {}

  static X509Certificate leafWithUris(CertificateAuthority ca, PublicKey subjectKey, Instant now,
      String... uris) throws Exception {
    KeyPair caKeys = ca.keyPair();
    var builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now), Date.from(now.plus(Duration.ofDays(1))), new X500Name("O=test"), subjectKey);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    if (uris.length > 0) {
      GeneralName[] names = new GeneralName[uris.length];
      for (int i = 0; i < uris.length; i++) {
        names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    String algorithm = caKeys.getPrivate().getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
    return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER).getCertificate(
        builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.PROVIDER)
            .build(caKeys.getPrivate())));
  }
}
