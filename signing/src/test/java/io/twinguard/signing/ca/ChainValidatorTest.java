package io.twinguard.signing.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChainValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final TrustDomain CITY = new TrustDomain("city.example");
  private static final SpiffeId HVAC = SpiffeId.parse("spiffe://city.example/twin/hvac-1");

  private final CertificateAuthority ca = CertificateAuthority.create(
      CITY, Keys.generate(KeyAlgorithm.ED25519), NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));

  private ChainValidator validator(Map<BigInteger, Instant> revoked) {
    return new ChainValidator(new TrustMaterial(CITY, ca.certificate(),
        ca.crl(revoked, BigInteger.ONE, NOW, NOW.plus(Duration.ofDays(7)))));
  }

  private X509Certificate twin(KeyAlgorithm algorithm) {
    return ca.issueTwin(HVAC, Keys.generate(algorithm).getPublic(), NOW, Duration.ofDays(1));
  }

  private Rejection rejection(ChainValidator validator, Instant at, X509Certificate... chain) {
    return assertThrows(ChainRejectedException.class, () -> validator.validate(chain, at))
        .rejection();
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void validate_twinCertificate_returnsItsSpiffeId(KeyAlgorithm algorithm) throws Exception {
    X509Certificate leaf = twin(algorithm);

    assertEquals(HVAC, validator(Map.of()).validate(new X509Certificate[] {leaf}, NOW.plusSeconds(60)));
    assertEquals(HVAC, validator(Map.of()).validate(
        new X509Certificate[] {leaf, ca.certificate()}, NOW.plusSeconds(60)));
  }

  @Test
  void validate_certificateParsedByTheJdk_asATlsStackHandsIt_returnsSpiffeId() throws Exception {
    X509Certificate jdkParsed = (X509Certificate) java.security.cert.CertificateFactory
        .getInstance("X.509", "SUN")
        .generateCertificate(new java.io.ByteArrayInputStream(twin(KeyAlgorithm.ECDSA_P256).getEncoded()));

    assertEquals(HVAC, validator(Map.of()).validate(new X509Certificate[] {jdkParsed}, NOW.plusSeconds(1)));
  }

  @Test
  void validate_certificateOfAnotherCaWithSameName_isUnknownCa() {
    CertificateAuthority other = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(10));
    X509Certificate foreign = other.issueTwin(
        HVAC, Keys.generate(KeyAlgorithm.ED25519).getPublic(), NOW, Duration.ofDays(1));

    assertInstanceOf(Rejection.UnknownCa.class, rejection(validator(Map.of()), NOW, foreign));
  }

  @Test
  void validate_afterNotAfter_isExpired() {
    X509Certificate leaf = twin(KeyAlgorithm.ED25519);

    Rejection r = rejection(validator(Map.of()), NOW.plus(Duration.ofDays(2)), leaf);

    assertEquals(new Rejection.Expired(leaf.getSerialNumber(), NOW.plus(Duration.ofDays(1))), r);
  }

  @Test
  void validate_beforeNotBefore_isNotYetValid() {
    X509Certificate leaf = twin(KeyAlgorithm.ED25519);

    Rejection r = rejection(validator(Map.of()), NOW.minusSeconds(1), leaf);

    assertEquals(new Rejection.NotYetValid(leaf.getSerialNumber(), NOW), r);
  }

  @Test
  void validate_serialOnCrl_isRevoked() {
    X509Certificate leaf = twin(KeyAlgorithm.ECDSA_P256);
    Instant revokedAt = NOW.plusSeconds(30);

    Rejection r = rejection(validator(Map.of(leaf.getSerialNumber(), revokedAt)), NOW.plusSeconds(60), leaf);

    assertEquals(new Rejection.Revoked(leaf.getSerialNumber(), revokedAt), r);
  }

  @Test
  void validate_pastCrlNextUpdate_isStaleCrl() {
    CertificateAuthority longCa = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(3650));
    X509Certificate leaf = longCa.issueTwin(
        HVAC, Keys.generate(KeyAlgorithm.ED25519).getPublic(), NOW, Duration.ofDays(30));
    ChainValidator validator = new ChainValidator(new TrustMaterial(CITY, longCa.certificate(),
        longCa.crl(Map.of(), BigInteger.ONE, NOW, NOW.plus(Duration.ofDays(7)))));

    assertInstanceOf(Rejection.StaleCrl.class,
        rejection(validator, NOW.plus(Duration.ofDays(8)), leaf));
  }

  @Test
  void validate_noUriSan_isUriSanCountZero() {
    X509Certificate server = ca.issueServer(List.of("broker.city.example"), List.of(), null,
        Keys.generate(KeyAlgorithm.ED25519).getPublic(), NOW, Duration.ofDays(1));

    assertEquals(new Rejection.UriSanCount(0), rejection(validator(Map.of()), NOW, server));
  }

  @Test
  void validate_twoUriSans_isUriSanCountTwo() throws Exception {
    X509Certificate leaf = TestCertificates.leafWithUris(ca, Keys.generate(KeyAlgorithm.ED25519)
        .getPublic(), NOW, "spiffe://city.example/twin/a", "spiffe://city.example/twin/b");

    assertEquals(new Rejection.UriSanCount(2), rejection(validator(Map.of()), NOW, leaf));
  }

  @Test
  void validate_uriThatIsNoSpiffeId_isNotSpiffeId() throws Exception {
    X509Certificate leaf = TestCertificates.leafWithUris(ca, Keys.generate(KeyAlgorithm.ED25519)
        .getPublic(), NOW, "https://city.example/twin/a");

    Rejection r = rejection(validator(Map.of()), NOW, leaf);

    assertEquals("https://city.example/twin/a", assertInstanceOf(Rejection.NotSpiffeId.class, r).uri());
  }

  @Test
  void validate_spiffeIdOfAnotherTrustDomain_isForeignTrustDomain() throws Exception {
    X509Certificate leaf = TestCertificates.leafWithUris(ca, Keys.generate(KeyAlgorithm.ED25519)
        .getPublic(), NOW, "spiffe://farm.example/twin/tomato");

    assertEquals(new Rejection.ForeignTrustDomain("spiffe://farm.example/twin/tomato", CITY),
        rejection(validator(Map.of()), NOW, leaf));
  }

  @Test
  void validate_leafSeenBefore_isStillRefusedOnceExpired() throws Exception {
    ChainValidator validator = validator(Map.of());
    X509Certificate leaf = twin(KeyAlgorithm.ED25519);
    validator.validate(new X509Certificate[] {leaf}, NOW.plusSeconds(1));

    assertInstanceOf(Rejection.Expired.class, rejection(validator, NOW.plus(Duration.ofDays(2)), leaf));
    assertInstanceOf(Rejection.NotYetValid.class, rejection(validator, NOW.minusSeconds(1), leaf));
    assertEquals(HVAC, validator.validate(new X509Certificate[] {leaf}, NOW.plusSeconds(2)));
  }

  @Test
  void validate_leafSeenBeforeByOneValidator_isRevokedForAValidatorWithNewerCrl() throws Exception {
    X509Certificate leaf = twin(KeyAlgorithm.ED25519);
    validator(Map.of()).validate(new X509Certificate[] {leaf}, NOW.plusSeconds(1));

    assertInstanceOf(Rejection.Revoked.class, rejection(
        validator(Map.of(leaf.getSerialNumber(), NOW)), NOW.plusSeconds(1), leaf));
  }

  @Test
  void validate_caCertificateAsLeaf_isInvalidChain() {
    assertInstanceOf(Rejection.InvalidChain.class,
        rejection(validator(Map.of()), NOW, ca.certificate()));
  }

  @Test
  void validate_emptyChain_isInvalidChain() {
    assertInstanceOf(Rejection.InvalidChain.class, rejection(validator(Map.of()), NOW));
  }

  @Test
  void validate_fromManyThreads_givesTheSameAnswers() throws Exception {
    ChainValidator validator = validator(Map.of());
    X509Certificate[] chain = {twin(KeyAlgorithm.ED25519)};
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SpiffeId>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> validator.validate(chain, NOW.plusSeconds(1))));
      }
      for (Future<SpiffeId> result : results) {
        assertEquals(HVAC, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void trustMaterial_crlOfAnotherCa_isRefused() {
    CertificateAuthority other = CertificateAuthority.create(
        CITY, Keys.generate(KeyAlgorithm.ED25519), NOW, Duration.ofDays(10));
    var crl = other.crl(Map.of(), BigInteger.ONE, NOW, NOW.plus(Duration.ofDays(1)));

    assertThrows(IllegalArgumentException.class, () -> new TrustMaterial(CITY, ca.certificate(), crl));
  }

  @Test
  void trustMaterial_pem_parsesBackToTheSameObjects() throws Exception {
    TrustMaterial trust = validator(Map.of()).trustMaterial();

    assertEquals(ca.certificate(), TrustMaterial.parseCertificate(
        trust.caCertificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals(trust.crl(), TrustMaterial.parseCrl(
        trust.crlPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }
}
