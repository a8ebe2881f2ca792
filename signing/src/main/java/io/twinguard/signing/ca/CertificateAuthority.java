package io.twinguard.signing.ca;

import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.keys.KeyAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The ecosystem certificate authority of one trust domain: a self-signed root that issues twin
 * X.509-SVIDs and broker server certificates directly (no intermediates) and signs the CRL.
 *
 * <p>Pure: it holds the CA key pair and certificate and computes certificates; {@link CaDirectory}
 * keeps them on disk. Serial numbers are random, positive and 128 bits long. Thread-safe.
 */
public final class CertificateAuthority {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TrustDomain trustDomain;
  private final KeyPair keyPair;
  private final X509Certificate certificate;

  /**
   * Wraps an existing CA.
   *
   * @throws IllegalArgumentException when the certificate does not belong to the key pair
   */
  public CertificateAuthority(TrustDomain trustDomain, KeyPair keyPair, X509Certificate certificate) {
    this.trustDomain = Objects.requireNonNull(trustDomain);
    this.keyPair = Objects.requireNonNull(keyPair);
    this.certificate = Objects.requireNonNull(certificate);
    if (!certificate.getPublicKey().equals(keyPair.getPublic())
        && !Arrays.equals(certificate.getPublicKey().getEncoded(),
            keyPair.getPublic().getEncoded())) {
      throw new IllegalArgumentException("the CA certificate does not match the CA key");
    }
  }

  /**
   * Creates a root CA: a self-signed certificate with basic constraints CA (critical), key usage
   * keyCertSign and cRLSign, subject {@code O=<trust domain>, CN=twinguard ecosystem CA}.
   */
  public static CertificateAuthority create(
      TrustDomain trustDomain, KeyPair keyPair, Instant notBefore, Duration validity) {
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, trustDomain.name())
        .addRDN(BCStyle.CN, "twinguard ecosystem CA")
        .build();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(),
          date(notBefore), date(notBefore.plus(validity)), name, keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(keyPair.getPublic()));
      X509Certificate certificate = toCertificate(builder, signer(keyPair));
      return new CertificateAuthority(trustDomain, keyPair, certificate);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the CA certificate: " + e.getMessage(), e);
    }
  }

  public TrustDomain trustDomain() {
    return trustDomain;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /**
   * Issues a twin's X.509-SVID: exactly one URI SAN holding {@code spiffeId}, key usage
   * digitalSignature (critical), EKU clientAuth and serverAuth, basic constraints CA false.
   *
   * @throws IllegalArgumentException when {@code spiffeId} is not in this CA's trust domain
   */
  public X509Certificate issueTwin(
      SpiffeId spiffeId, PublicKey subjectKey, Instant notBefore, Duration validity) {
    requireOwnDomain(spiffeId);
    GeneralNames sans = new GeneralNames(
        new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId.toString()));
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, trustDomain.name()).build();
    return issueLeaf(subject, sans, subjectKey, notBefore, validity);
  }

  /**
   * Issues a broker server certificate with DNS and IP SANs and, when given, the broker's SPIFFE
   * ID as a URI SAN. Key usage digitalSignature; EKU serverAuth and clientAuth (the broker calls
   * twins with it too).
   *
   * @param ipAddresses textual IPv4 or IPv6 addresses
   * @throws IllegalArgumentException when no name is given or the SPIFFE ID is foreign
   */
  public X509Certificate issueServer(List<String> dnsNames, List<String> ipAddresses,
      SpiffeId spiffeId, PublicKey subjectKey, Instant notBefore, Duration validity) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    if (spiffeId != null) {
      requireOwnDomain(spiffeId);
      names.add(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId.toString()));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP");
    }
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, trustDomain.name());
    if (!dnsNames.isEmpty()) {
      subject.addRDN(BCStyle.CN, dnsNames.get(0));
    }
    return issueLeaf(subject.build(), new GeneralNames(names.toArray(GeneralName[]::new)),
        subjectKey, notBefore, validity);
  }

  /**
   * Signs a CRL listing the given serial numbers with their revocation times.
   *
   * @param crlNumber monotonically increasing CRL number
   */
  public X509CRL crl(Map<BigInteger, Instant> revoked, BigInteger crlNumber, Instant thisUpdate,
      Instant nextUpdate) {
    try {
      X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, date(thisUpdate));
      builder.setNextUpdate(date(nextUpdate));
      revoked.forEach((serial, at) -> builder.addCRLEntry(serial, date(at), CRLReason.unspecified));
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new JcaX509CRLConverter().setProvider(BouncyCastle.PROVIDER)
          .getCRL(builder.build(signer(keyPair)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot sign the CRL: " + e.getMessage(), e);
    }
  }

  private X509Certificate issueLeaf(X500Name subject, GeneralNames sans, PublicKey subjectKey,
      Instant notBefore, Duration validity) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, newSerial(),
          date(notBefore), date(notBefore.plus(validity)), subject, subjectKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false, sans);
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          utils.createAuthorityKeyIdentifier(certificate));
      return toCertificate(builder, signer(keyPair));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the certificate: " + e.getMessage(), e);
    }
  }

  private void requireOwnDomain(SpiffeId spiffeId) {
    if (!spiffeId.trustDomain().equals(trustDomain)) {
      throw new IllegalArgumentException(
          "SPIFFE ID " + spiffeId + " is not in this CA's trust domain " + trustDomain);
    }
  }

  private static X509Certificate toCertificate(X509v3CertificateBuilder builder,
      ContentSigner signer) throws GeneralSecurityException {
    return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER)
        .getCertificate(builder.build(signer));
  }

  private static ContentSigner signer(KeyPair keyPair) throws GeneralSecurityException {
    String algorithm = switch (KeyAlgorithm.of(keyPair.getPrivate())) {
      case ED25519 -> "Ed25519";
      case ECDSA_P256 -> "SHA256withECDSA";
    };
    try {
      return new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.PROVIDER)
          .build(keyPair.getPrivate());
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** A random positive serial of exactly 128 bits (17 DER octets; RFC 5280 allows 20). */
  private static BigInteger newSerial() {
    return new BigInteger(128, RANDOM).setBit(127);
  }

  /** X.509 times have a resolution of one second. */
  private static Date date(Instant instant) {
    return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
