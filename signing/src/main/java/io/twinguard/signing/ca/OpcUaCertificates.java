package io.twinguard.signing.ca;

import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.keys.KeyAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * OPC UA application instance certificates (OPC 10000-6, 6.2.2) issued by the ecosystem CA, for
 * an OPC UA server a twin runs and for the broker's {@code opcua} adapter that talks to it. OPC
 * UA's Basic256Sha256 security policy needs an RSA key of 2048 to 4096 bits, the application URI
 * as the URI subject alternative name (here the twin's SPIFFE ID, so that the adapter can check
 * it is talking to the registered twin), the host's names and addresses, and the key usages
 * digitalSignature, nonRepudiation, keyEncipherment and dataEncipherment, which the CA's twin and
 * server certificates do not carry. Pure; thread-safe.
 */
public final class OpcUaCertificates {

  /** The RSA key size issued: the smallest Basic256Sha256 accepts. */
  public static final int RSA_BITS = 2048;

  private static final SecureRandom RANDOM = new SecureRandom();

  private OpcUaCertificates() {}

  /** A new RSA key pair of {@link #RSA_BITS} bits. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has RSA", e);
    }
  }

  /**
   * Issues an application instance certificate for {@code subjectKey}.
   *
   * @param applicationUri the application URI, a SPIFFE ID in the CA's trust domain
   * @param dnsNames host names the application is reached at (may be empty)
   * @param ipAddresses textual IP addresses it is reached at (may be empty)
   * @throws IllegalArgumentException when the key is not RSA of at least 2048 bits, the SPIFFE ID
   *     is foreign, or neither a host name nor an address is given
   */
  public static X509Certificate issue(CertificateAuthority ca, SpiffeId applicationUri, List<String> dnsNames,
      List<String> ipAddresses, PublicKey subjectKey, Instant notBefore, Duration validity) {
    if (!(subjectKey instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < RSA_BITS) {
      throw new IllegalArgumentException("an OPC UA application certificate needs an RSA key of at least "
          + RSA_BITS + " bits");
    }
    if (!applicationUri.trustDomain().equals(ca.trustDomain())) {
      throw new IllegalArgumentException(
          "SPIFFE ID " + applicationUri + " is not in this CA's trust domain " + ca.trustDomain());
    }
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("an OPC UA application certificate needs a host name or an IP address");
    }
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.uniformResourceIdentifier, applicationUri.toString()));
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    String path = applicationUri.path();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, ca.trustDomain().name())
        .addRDN(BCStyle.CN, path.substring(path.lastIndexOf('/') + 1))
        .build();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
          new BigInteger(128, RANDOM).setBit(127), date(notBefore), date(notBefore.plus(validity)), subject, subjectKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
          | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          utils.createAuthorityKeyIdentifier(ca.certificate()));
      String algorithm = KeyAlgorithm.of(ca.keyPair().getPrivate()) == KeyAlgorithm.ED25519
          ? "Ed25519" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER).getCertificate(builder.build(
          new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.PROVIDER)
              .build(ca.keyPair().getPrivate())));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the OPC UA certificate: " + e.getMessage(), e);
    }
  }

  /** X.509 times have a resolution of one second. */
  private static Date date(Instant instant) {
    return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
