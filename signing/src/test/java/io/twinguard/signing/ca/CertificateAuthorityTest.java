package io.twinguard.signing.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final TrustDomain CITY = new TrustDomain("city.example");

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void create_rootCa_isSelfSignedCaWithCertAndCrlSigning(KeyAlgorithm algorithm) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(
        CITY, Keys.generate(algorithm), NOW, Duration.ofDays(365));
    X509Certificate cert = ca.certificate();

    cert.verify(cert.getPublicKey(), BouncyCastle.PROVIDER);
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertEquals(Integer.MAX_VALUE, cert.getBasicConstraints());
    assertTrue(cert.getKeyUsage()[5], "keyCertSign");
    assertTrue(cert.getKeyUsage()[6], "cRLSign");
    assertTrue(cert.getSubjectX500Principal().getName().contains("O=city.example"));
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void issueTwin_spiffeId_isX509SvidWithOneUriSanAndBothEkus(KeyAlgorithm algorithm)
      throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(365));
    var twinKey = Keys.generate(algorithm).getPublic();

    X509Certificate cert = ca.issueTwin(SpiffeId.parse("spiffe://city.example/twin/hvac-1"),
        twinKey, NOW, Duration.ofDays(30));

    cert.verify(ca.certificate().getPublicKey(), BouncyCastle.PROVIDER);
    assertEquals(List.of(List.of(6, "spiffe://city.example/twin/hvac-1")),
        List.copyOf(cert.getSubjectAlternativeNames()));
    boolean[] keyUsage = cert.getKeyUsage();
    assertTrue(keyUsage[0], "digitalSignature");
    for (int i = 1; i < keyUsage.length; i++) {
      assertTrue(!keyUsage[i], "only digitalSignature, but bit " + i + " is set");
    }
    assertTrue(cert.getCriticalExtensionOIDs().contains("2.5.29.15"), "key usage is critical");
    assertEquals(Set.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), Set.copyOf(cert.getExtendedKeyUsage()));
    assertEquals(-1, cert.getBasicConstraints());
    assertEquals(128, cert.getSerialNumber().bitLength());
    assertEquals(1, cert.getSerialNumber().signum());
    assertArrayEquals(twinKey.getEncoded(), cert.getPublicKey().getEncoded());
    assertEquals(NOW.plus(Duration.ofDays(30)), cert.getNotAfter().toInstant());
  }

  @Test
  void issueTwin_twice_givesDifferentRandomSerials() {
    CertificateAuthority ca = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(365));
    var key = Keys.generate(KeyAlgorithm.ED25519).getPublic();
    SpiffeId id = SpiffeId.parse("spiffe://city.example/twin/a");

    assertNotEquals(ca.issueTwin(id, key, NOW, Duration.ofDays(1)).getSerialNumber(),
        ca.issueTwin(id, key, NOW, Duration.ofDays(1)).getSerialNumber());
  }

  @Test
  void issueTwin_foreignTrustDomain_isRefused() {
    CertificateAuthority ca = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(365));

    assertThrows(IllegalArgumentException.class, () -> ca.issueTwin(
        SpiffeId.parse("spiffe://farm.example/twin/tomato"),
        Keys.generate(KeyAlgorithm.ED25519).getPublic(), NOW, Duration.ofDays(1)));
  }

  @Test
  void issueServer_dnsIpAndSpiffeId_areAllSubjectAltNames() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ECDSA_P256), NOW, Duration.ofDays(365));

    X509Certificate cert = ca.issueServer(List.of("broker.city.example", "localhost"),
        List.of("127.0.0.1", "::1"), SpiffeId.parse("spiffe://city.example/broker"),
        Keys.generate(KeyAlgorithm.ECDSA_P256).getPublic(), NOW, Duration.ofDays(90));

    Set<String> names = cert.getSubjectAlternativeNames().stream()
        .map(n -> n.get(0) + ":" + n.get(1)).collect(Collectors.toSet());
    assertEquals(Set.of("2:broker.city.example", "2:localhost", "7:127.0.0.1",
        "7:0:0:0:0:0:0:0:1", "6:spiffe://city.example/broker"), names);
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
  }

  @Test
  void crl_revokedSerials_areListedAndSignedByCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(365));
    X509Certificate twin = ca.issueTwin(SpiffeId.parse("spiffe://city.example/twin/a"),
        Keys.generate(KeyAlgorithm.ED25519).getPublic(), NOW, Duration.ofDays(1));

    var crl = ca.crl(java.util.Map.of(twin.getSerialNumber(), NOW), java.math.BigInteger.ONE,
        NOW, NOW.plus(Duration.ofDays(7)));

    crl.verify(ca.certificate().getPublicKey(), BouncyCastle.PROVIDER);
    assertTrue(crl.isRevoked(twin));
    assertEquals(NOW, crl.getRevokedCertificate(twin.getSerialNumber()).getRevocationDate().toInstant());
  }
}
