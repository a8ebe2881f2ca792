package io.twinguard.broker.authentication;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.refusal.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticateTest {

  static final TestPki PKI = new TestPki(Calls.NOW);
  static final Authenticate AUTHENTICATE = new Authenticate(Calls::catalog, PKI.broker(), Calls.CLOCK);

  @Test
  void apply_registeredTwinWithCertificateOfTheCa_isAuthenticatedWithItsKey() {
    TestPki.Credentials office = PKI.twin("spiffe://test.example/twin/office");

    Authenticated authenticated = value(AUTHENTICATE.apply(
        Calls.to("thermostat/model/heating/predict").chain(office.chain()).ingress()));

    assertEquals("spiffe://test.example/twin/office", authenticated.caller().id());
    assertEquals("mtls", authenticated.caller().auth());
    assertEquals(office.keyPair().getPublic(), authenticated.caller().signatureKey().orElseThrow());
    assertSame(Calls.catalog(), authenticated.catalog());
  }

  @Test
  void apply_noClientCertificate_isUnauthenticated() {
    Refusal.Unauthenticated refused = refusal(
        AUTHENTICATE.apply(Calls.to("thermostat/model/heating/predict").chain(List.of()).ingress()),
        Refusal.Unauthenticated.class);

    assertTrue(refused.detail().contains("client certificate"), refused.detail());
  }

  @Test
  void apply_certificateOfAnotherCa_isUnauthenticated() {
    TestPki.Credentials forged = TestPki.foreign("spiffe://test.example/twin/office", Calls.NOW);

    refusal(AUTHENTICATE.apply(Calls.to("thermostat/model/heating/predict").chain(forged.chain()).ingress()),
        Refusal.Unauthenticated.class);
  }

  @Test
  void apply_certifiedButUnregisteredTwin_isForbidden() {
    TestPki.Credentials stranger = PKI.twin("spiffe://test.example/twin/stranger");

    Refusal.Forbidden refused = refusal(
        AUTHENTICATE.apply(Calls.to("thermostat/model/heating/predict").chain(stranger.chain()).ingress()),
        Refusal.Forbidden.class);

    assertTrue(refused.detail().contains("stranger"), refused.detail());
  }
}
