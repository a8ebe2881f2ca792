package io.twinguard.signing.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.keys.KeyAlgorithm;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaDirectoryTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private static final SpiffeId HVAC = SpiffeId.parse("spiffe://city.example/twin/hvac-1");

  @TempDir Path dir;

  @Test
  void init_writesKeyCertCrlAndIndex_andOpenReadsThemBack() throws Exception {
    CaDirectory created = CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ED25519, CLOCK);

    CaDirectory opened = CaDirectory.open(dir, CLOCK);

    for (String file : new String[] {"ca-key.pem", "ca-cert.pem", "crl.pem", "index.tsv"}) {
      assertTrue(Files.exists(dir.resolve(file)), file);
    }
    assertEquals(created.authority().certificate(), opened.authority().certificate());
    assertEquals(new TrustDomain("city.example"), opened.authority().trustDomain());
    assertTrue(opened.index().isEmpty());
  }

  @Test
  void init_twice_isRefused() throws Exception {
    CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ED25519, CLOCK);

    CaDirectoryException e = assertThrows(CaDirectoryException.class,
        () -> CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ED25519, CLOCK));

    assertEquals(CaDirectoryException.Reason.ALREADY_INITIALIZED, e.reason());
  }

  @Test
  void issueThenRevoke_updatesIndexAndCrl_andValidatorRefusesTheTwin() throws Exception {
    CaDirectory ca = CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ECDSA_P256, CLOCK);
    CaDirectory.Issued issued = ca.issueTwin(HVAC, KeyAlgorithm.ED25519, Duration.ofDays(30));
    X509Certificate[] chain = {issued.certificate()};
    Instant later = CLOCK.instant().plusSeconds(60);

    assertEquals(HVAC, CaDirectory.open(dir, CLOCK).validator().validate(chain, later));

    CaDirectory.open(dir, CLOCK).revoke(issued.certificate().getSerialNumber());
    CaDirectory reopened = CaDirectory.open(dir, CLOCK);

    assertTrue(reopened.index().get(0).revoked());
    assertEquals(HVAC.toString(), reopened.index().get(0).subject());
    ChainRejectedException e = assertThrows(ChainRejectedException.class,
        () -> reopened.validator().validate(chain, later));
    assertInstanceOf(Rejection.Revoked.class, e.rejection());
  }

  @Test
  void refreshCrl_later_movesNextUpdateAndKeepsRevocations() throws Exception {
    CaDirectory ca = CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ED25519, CLOCK);
    CaDirectory.Issued issued = ca.issueTwin(HVAC, KeyAlgorithm.ED25519, Duration.ofDays(90));
    ca.revoke(issued.certificate().getSerialNumber());
    Clock later = Clock.offset(CLOCK, Duration.ofDays(20));

    CaDirectory.open(dir, later).refreshCrl();

    var crl = CaDirectory.open(dir, later).trustMaterial().crl();
    assertEquals(later.instant().plus(CaDirectory.CRL_VALIDITY), crl.getNextUpdate().toInstant());
    assertTrue(crl.isRevoked(issued.certificate()));
  }

  @Test
  void revoke_unknownSerial_isRefused() throws Exception {
    CaDirectory ca = CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ED25519, CLOCK);

    CaDirectoryException e = assertThrows(CaDirectoryException.class,
        () -> ca.revoke(java.math.BigInteger.TEN));

    assertEquals(CaDirectoryException.Reason.UNKNOWN_SERIAL, e.reason());
  }

  @Test
  void open_emptyDirectory_isNotACaDirectory() {
    CaDirectoryException e = assertThrows(CaDirectoryException.class, () -> CaDirectory.open(dir, CLOCK));

    assertEquals(CaDirectoryException.Reason.NOT_A_CA_DIRECTORY, e.reason());
  }

  @Test
  void refreshCrl_twiceInOneMillisecond_stillIncreasesTheCrlNumber() throws Exception {
    CaDirectory ca = CaDirectory.init(dir, new TrustDomain("city.example"), KeyAlgorithm.ED25519, CLOCK);

    X509CRL first = ca.refreshCrl();
    X509CRL second = ca.refreshCrl();

    assertTrue(crlNumber(second).compareTo(crlNumber(first)) > 0, "RFC 5280: CRL numbers increase");
  }

  static BigInteger crlNumber(X509CRL crl) throws Exception {
    return ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
        crl.getExtensionValue(Extension.cRLNumber.getId()))).getValue();
  }
}
