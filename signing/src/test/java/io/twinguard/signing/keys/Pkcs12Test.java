package io.twinguard.signing.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs12Test {

  private static final char[] PASSWORD = "pkcs12-pass".toCharArray();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void readWrite_keyPairWithoutCertificates_roundTrips(KeyAlgorithm algorithm) throws Exception {
    KeyPair pair = Keys.generate(algorithm);
    Path file = dir.resolve("twin.p12");

    Pkcs12.write(file, pair, List.of(), PASSWORD);
    Pkcs12.Contents read = Pkcs12.read(file, PASSWORD);

    assertArrayEquals(Keys.privateKeyToPkcs8(pair.getPrivate()),
        Keys.privateKeyToPkcs8(read.keyPair().getPrivate()));
    assertArrayEquals(pair.getPublic().getEncoded(), read.keyPair().getPublic().getEncoded());
    assertTrue(read.chain().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void encode_withChain_isReadByTheJdkKeyStoreAndBackByDecode(KeyAlgorithm algorithm) throws Exception {
    var ca = io.twinguard.signing.ca.CertificateAuthority.create(
        new io.twinguard.signing.ca.TrustDomain("city.example"), Keys.generate(KeyAlgorithm.ED25519),
        java.time.Instant.now(), java.time.Duration.ofDays(1));
    KeyPair pair = Keys.generate(algorithm);
    var leaf = ca.issueTwin(io.twinguard.signing.ca.SpiffeId.parse("spiffe://city.example/twin/a"),
        pair.getPublic(), java.time.Instant.now(), java.time.Duration.ofDays(1));
    byte[] p12 = Pkcs12.encode(pair, List.of(leaf, ca.certificate()), PASSWORD);

    java.security.KeyStore jdk = java.security.KeyStore.getInstance("PKCS12", "SUN");
    jdk.load(new java.io.ByteArrayInputStream(p12), PASSWORD);
    String alias = jdk.aliases().nextElement();
    Pkcs12.Contents decoded = Pkcs12.decode(p12, PASSWORD);

    assertEquals(2, jdk.getCertificateChain(alias).length);
    assertArrayEquals(Keys.privateKeyToPkcs8(pair.getPrivate()),
        Keys.privateKeyToPkcs8((java.security.PrivateKey) jdk.getKey(alias, PASSWORD)));
    assertEquals(List.of(leaf, ca.certificate()), decoded.chain());
  }

  @Test
  void decode_wrongPassword_isRefusedWithWrongPasswordReason() {
    byte[] p12 = Pkcs12.encode(Keys.generate(KeyAlgorithm.ED25519), List.of(), PASSWORD);

    KeyFileException e = assertThrows(KeyFileException.class,
        () -> Pkcs12.decode(p12, "not-it".toCharArray()));

    assertEquals(KeyFileException.Reason.WRONG_PASSWORD, e.reason());
    assertEquals("wrong password for the PKCS#12 file", e.getMessage());
  }

  @Test
  void decode_truncatedFile_isRefusedAsCorrupt() {
    byte[] p12 = Pkcs12.encode(Keys.generate(KeyAlgorithm.ECDSA_P256), List.of(), PASSWORD);

    KeyFileException e = assertThrows(KeyFileException.class,
        () -> Pkcs12.decode(Arrays.copyOf(p12, p12.length / 2), PASSWORD));

    assertEquals(KeyFileException.Reason.CORRUPT, e.reason());
  }
}
