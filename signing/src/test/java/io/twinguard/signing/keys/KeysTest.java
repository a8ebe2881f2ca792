package io.twinguard.signing.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.testing.TestResources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void generate_anyAlgorithm_producesKeyPairThatSignsAndVerifies(KeyAlgorithm algorithm)
      throws Exception {
    KeyPair pair = Keys.generate(algorithm);
    String jca = algorithm == KeyAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA";
    Signature signer = Signature.getInstance(jca, BouncyCastle.PROVIDER);
    signer.initSign(pair.getPrivate());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(jca, BouncyCastle.PROVIDER);
    verifier.initVerify(pair.getPublic());
    verifier.update(new byte[] {1, 2, 3});

    assertTrue(verifier.verify(signature));
    assertEquals(algorithm, KeyAlgorithm.of(pair.getPublic()));
    assertEquals(algorithm, KeyAlgorithm.of(pair.getPrivate()));
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void privateKeyPem_roundTrip_yieldsSameKeyAndItsPublicHalf(KeyAlgorithm algorithm)
      throws Exception {
    KeyPair pair = Keys.generate(algorithm);

    String pem = Keys.privateKeyToPem(pair.getPrivate());
    PrivateKey read = Keys.privateKeyFromPem(pem, null);

    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
    assertArrayEquals(Keys.privateKeyToPkcs8(pair.getPrivate()),
        Keys.privateKeyToPkcs8(read));
    assertArrayEquals(pair.getPublic().getEncoded(), Keys.publicKeyOf(read).getEncoded());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void encryptedPem_rightPassword_opens_wrongPassword_isRefusedWithReason(KeyAlgorithm algorithm)
      throws Exception {
    KeyPair pair = Keys.generate(algorithm);
    String pem = Keys.privateKeyToPem(pair.getPrivate(), "correct horse".toCharArray());

    PrivateKey read = Keys.privateKeyFromPem(pem, "correct horse".toCharArray());
    KeyFileException wrong = assertThrows(KeyFileException.class,
        () -> Keys.privateKeyFromPem(pem, "battery staple".toCharArray()));
    KeyFileException missing = assertThrows(KeyFileException.class,
        () -> Keys.privateKeyFromPem(pem, null));

    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assertArrayEquals(Keys.privateKeyToPkcs8(pair.getPrivate()),
        Keys.privateKeyToPkcs8(read));
    assertEquals(KeyFileException.Reason.WRONG_PASSWORD, wrong.reason());
    assertEquals(KeyFileException.Reason.PASSWORD_REQUIRED, missing.reason());
    assertFalse(wrong.getMessage().isBlank());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void publicKeyPem_roundTrip_isSubjectPublicKeyInfo(KeyAlgorithm algorithm) throws Exception {
    KeyPair pair = Keys.generate(algorithm);

    String pem = Keys.publicKeyToPem(pair.getPublic());

    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----"));
    assertArrayEquals(pair.getPublic().getEncoded(), Keys.publicKeyFromPem(pem).getEncoded());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void pkcs8Der_roundTrip_yieldsSameKey(KeyAlgorithm algorithm) throws Exception {
    KeyPair pair = Keys.generate(algorithm);

    PrivateKey read = Keys.privateKeyFromPkcs8(Keys.privateKeyToPkcs8(pair.getPrivate()));

    assertArrayEquals(Keys.privateKeyToPkcs8(pair.getPrivate()),
        Keys.privateKeyToPkcs8(read));
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void privateKeyToPkcs8_isVersion1WithoutAttachedPublicKey(KeyAlgorithm algorithm) {
    byte[] der = Keys.privateKeyToPkcs8(Keys.generate(algorithm).getPrivate());

    var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(der);
    assertEquals(0, info.getVersion().intValueExact());
    assertEquals(null, info.getPublicKeyData());
  }

  @Test
  void files_privateKeyIsOwnerOnly_andBothHalvesReadBack() throws Exception {
    KeyPair pair = Keys.generate(KeyAlgorithm.ED25519);
    Path privateFile = dir.resolve("k.pem");
    Path publicFile = dir.resolve("k.pub.pem");

    Keys.writePrivateKey(privateFile, pair.getPrivate(), null);
    Keys.writePublicKey(publicFile, pair.getPublic());

    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)));
    assertArrayEquals(Keys.privateKeyToPkcs8(pair.getPrivate()),
        Keys.privateKeyToPkcs8(Keys.readPrivateKey(privateFile, null)));
    assertArrayEquals(pair.getPublic().getEncoded(), Keys.readPublicKey(publicFile).getEncoded());
  }

  @Test
  void rfc9421TestKeys_sec1AndPkcs8Pem_deriveThePublishedPublicKeys() throws Exception {
    PrivateKey ec = Keys.privateKeyFromPem(
        TestResources.text("rfc9421/test-key-ecc-p256-private.pem"), null);
    PrivateKey ed = Keys.privateKeyFromPem(
        TestResources.text("rfc9421/test-key-ed25519-private.pem"), null);

    assertArrayEquals(
        Keys.publicKeyFromPem(TestResources.text("rfc9421/test-key-ecc-p256-public.pem")).getEncoded(),
        Keys.publicKeyOf(ec).getEncoded());
    assertArrayEquals(
        Keys.publicKeyFromPem(TestResources.text("rfc9421/test-key-ed25519-public.pem")).getEncoded(),
        Keys.publicKeyOf(ed).getEncoded());
  }

  @Test
  void thumbprint_rfc8037Ed25519Example_matchesPublishedValue() throws Exception {
    // RFC 8037 Appendix A.2 and A.3: x and the RFC 7638 thumbprint of that key.
    byte[] x = Base64.getUrlDecoder().decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(x));
    PublicKey key = KeyFactory.getInstance("Ed25519", BouncyCastle.PROVIDER)
        .generatePublic(new X509EncodedKeySpec(spki));

    assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", Keys.thumbprint(key));
  }

  @Test
  void thumbprint_p256Key_isStableAndDiffersBetweenKeys() {
    KeyPair a = Keys.generate(KeyAlgorithm.ECDSA_P256);
    KeyPair b = Keys.generate(KeyAlgorithm.ECDSA_P256);

    assertEquals(Keys.thumbprint(a.getPublic()), Keys.thumbprint(Keys.publicKeyOf(a.getPrivate())));
    assertFalse(Keys.thumbprint(a.getPublic()).equals(Keys.thumbprint(b.getPublic())));
    assertEquals(43, Keys.thumbprint(a.getPublic()).length());
  }

  @Test
  void privateKeyFromPem_corruptText_isRefusedAsCorrupt() {
    String corrupt = "-----BEGIN PRIVATE KEY-----\nAAAAnotakey\n-----END PRIVATE KEY-----\n";

    KeyFileException e = assertThrows(KeyFileException.class,
        () -> Keys.privateKeyFromPem(corrupt, null));
    KeyFileException empty = assertThrows(KeyFileException.class,
        () -> Keys.privateKeyFromPem("hello", null));

    assertEquals(KeyFileException.Reason.CORRUPT, e.reason());
    assertEquals(KeyFileException.Reason.CORRUPT, empty.reason());
  }

  @Test
  void privateKeyFromPem_rsaKey_isRefusedAsUnsupported() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", BouncyCastle.PROVIDER);
    rsa.initialize(1024);
    String pem = Keys.privateKeyToPem(rsa.generateKeyPair().getPrivate());

    KeyFileException e = assertThrows(KeyFileException.class,
        () -> Keys.privateKeyFromPem(pem, null));

    assertEquals(KeyFileException.Reason.UNSUPPORTED_KEY, e.reason());
  }

  @Test
  void readPrivateKey_missingFile_isRefusedAsIo() {
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> Keys.readPrivateKey(dir.resolve("absent.pem"), null));

    assertEquals(KeyFileException.Reason.IO, e.reason());
    assertTrue(e.getMessage().contains("absent.pem"));
  }

  @Test
  void privateKeyToPem_neverEmbedsPasswordInClearText() {
    String pem = Keys.privateKeyToPem(
        Keys.generate(KeyAlgorithm.ED25519).getPrivate(), "s3cret-pass".toCharArray());

    assertFalse(new String(pem.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII)
        .contains("s3cret-pass"));
  }
}
