package io.twinguard.broker.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.identity.BrokerIdentity.KeyAndCertificate;
import io.twinguard.signing.httpsig.SignatureAlgorithm;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BrokerIdentityTest {

  private static final TestPki PKI = new TestPki(Instant.parse("2026-12-02T10:00:00Z"));
  private static final String ID = "spiffe://" + TestPki.DOMAIN + "/broker";

  @Test
  void signer_withSeparateSigningPair_signsWithTheSigningKeyNotTheTlsKey() {
    KeyPair tlsKeys = Keys.generate(KeyAlgorithm.ECDSA_P256);
    TestPki.Credentials tls = PKI.twin(ID, tlsKeys);
    TestPki.Credentials signing = PKI.twin(ID);

    BrokerIdentity identity = new BrokerIdentity(ID, new KeyAndCertificate(tlsKeys.getPrivate(), tls.certificate()),
        new KeyAndCertificate(signing.keyPair().getPrivate(), signing.certificate()), PKI.broker().trust());

    assertEquals(SignatureAlgorithm.ED25519, identity.signer().algorithm());
    assertEquals(signing.certificate(), identity.signingCertificate());
    assertEquals(tls.certificate(), identity.certificate());
  }

  @Test
  void construct_signingKeyOfAnotherCertificate_isRefused() {
    TestPki.Credentials signing = PKI.twin(ID);
    TestPki.Credentials other = PKI.twin(ID);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BrokerIdentity(ID,
        new KeyAndCertificate(signing.keyPair().getPrivate(), signing.certificate()),
        new KeyAndCertificate(signing.keyPair().getPrivate(), other.certificate()), PKI.broker().trust()));

    assertEquals("the signing key does not belong to the signing certificate", e.getMessage());
  }

  @Test
  void keyAndCertificate_toString_neverShowsTheKey() {
    TestPki.Credentials signing = PKI.twin(ID);
    String encodedKey = Keys.privateKeyToPem(signing.keyPair().getPrivate());

    String shown = new KeyAndCertificate(signing.keyPair().getPrivate(), signing.certificate()).toString();

    assertFalse(shown.contains(encodedKey.lines().skip(1).findFirst().orElseThrow()), shown);
  }
}
