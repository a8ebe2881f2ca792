package io.twinguard.signing.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpcUaCertificatesTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final TrustDomain CITY = new TrustDomain("city.example");
  private static final SpiffeId BOILER = SpiffeId.parse("spiffe://city.example/twin/boiler-plant");

  @TempDir java.nio.file.Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void issue_rsaKey_carriesTheApplicationUriHostAndOpcUaKeyUsages(KeyAlgorithm caAlgorithm) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(CITY, Keys.generate(caAlgorithm), NOW, Duration.ofDays(365));
    var key = OpcUaCertificates.newKeyPair().getPublic();

    X509Certificate cert = OpcUaCertificates.issue(ca, BOILER, List.of("localhost"), List.of("127.0.0.1"), key, NOW,
        Duration.ofDays(30));

    cert.verify(ca.certificate().getPublicKey(), BouncyCastle.PROVIDER);
    assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
    assertEquals(List.of(List.of(6, BOILER.toString()), List.of(2, "localhost"), List.of(7, "127.0.0.1")),
        List.copyOf(cert.getSubjectAlternativeNames()));
    boolean[] usage = cert.getKeyUsage();
    assertTrue(usage[0] && usage[1] && usage[2] && usage[3],
        "digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment");
    assertFalse(usage[5], "no keyCertSign");
    assertTrue(cert.getCriticalExtensionOIDs().contains("2.5.29.15"), "key usage is critical");
    assertEquals(Set.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), Set.copyOf(cert.getExtendedKeyUsage()));
    assertEquals(-1, cert.getBasicConstraints());
    assertTrue(cert.getSubjectX500Principal().getName().contains("CN=boiler-plant"), cert.getSubjectX500Principal().getName());
  }

  @Test
  void issue_nonRsaKey_isRefused() {
    CertificateAuthority ca = CertificateAuthority.create(CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(1));
    var ecKey = Keys.generate(KeyAlgorithm.ECDSA_P256).getPublic();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpcUaCertificates.issue(
        ca, BOILER, List.of(), List.of("127.0.0.1"), ecKey, NOW, Duration.ofDays(1)));

    assertTrue(e.getMessage().contains("RSA"), e.getMessage());
  }

  @Test
  void issue_foreignSpiffeIdOrNoHost_isRefused() {
    CertificateAuthority ca = CertificateAuthority.create(CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(1));
    var key = OpcUaCertificates.newKeyPair().getPublic();

    assertThrows(IllegalArgumentException.class, () -> OpcUaCertificates.issue(ca,
        SpiffeId.parse("spiffe://farm.example/twin/boiler"), List.of(), List.of("127.0.0.1"), key, NOW, Duration.ofDays(1)));
    assertThrows(IllegalArgumentException.class, () -> OpcUaCertificates.issue(ca, BOILER, List.of(), List.of(), key,
        NOW, Duration.ofDays(1)));
  }

  @Test
  void issueOpcUa_inCaDirectory_isIndexedAndRevocable() throws Exception {
    CaDirectory ca = CaDirectory.init(dir.resolve("ca"), CITY, KeyAlgorithm.ECDSA_P256, Clock.systemUTC());

    CaDirectory.Issued issued = ca.issueOpcUa(BOILER, List.of(), List.of("127.0.0.1"), Duration.ofDays(1));
    ca.revoke(issued.certificate().getSerialNumber());

    CaDirectory.IndexEntry entry = ca.index().get(ca.index().size() - 1);
    assertEquals(issued.certificate().getSerialNumber(), entry.serial());
    assertEquals(BOILER.toString(), entry.subject());
    assertTrue(entry.revoked());
  }
}
