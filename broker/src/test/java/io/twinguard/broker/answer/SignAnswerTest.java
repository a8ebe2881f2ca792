package io.twinguard.broker.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.common.problem.Problem;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpResponse;
import io.twinguard.signing.httpsig.KeyResolver;
import io.twinguard.signing.httpsig.MessageVerifier;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureVerificationException;
import io.twinguard.signing.oauth.TokenRejection;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Also gives other tests {@link #verify}. */
public class SignAnswerTest {

  static final TestPki PKI = new TestPki(Calls.NOW);
  static final SignAnswer SIGN = new SignAnswer(PKI.broker(), Calls.CLOCK);

  @Test
  void sign_releasedAnswer_verifiesWithTheBrokersKey() throws Exception {
    Answer answer = SIGN.sign(new Outcome.Released("d-1", 200,
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"), Buffer.buffer("{\"a\":1}")));

    assertEquals("d-1", answer.headers().get(SignAnswer.DECISION_ID));
    verify(answer, answer.body());
  }

  @Test
  void sign_refusal_isItsProblemWithTheDecisionIdAsInstance() throws Exception {
    Answer answer = SIGN.sign(new Outcome.Refused("d-2", new Refusal.Forbidden("not a twin")));

    assertEquals(403, answer.status());
    assertEquals(Problem.MEDIA_TYPE, answer.headers().get("content-type"));
    JsonObject problem = answer.body().toJsonObject();
    assertEquals("https://twinguard.io/problems/forbidden", problem.getString("type"));
    assertEquals("d-2", problem.getString("instance"));
    verify(answer, answer.body());
  }

  @Test
  void sign_refusedToken_carriesItsChallenge() throws Exception {
    Answer answer = SIGN.sign(new Outcome.Refused("d-4", new Refusal.Identity(
        new IdentityRefusal.TokenRejected(new TokenRejection.DpopReplay("j-1")), Optional.empty())));

    assertEquals(401, answer.status());
    assertEquals("DPoP error=\"invalid_dpop_proof\", algs=\"ES256 EdDSA\"",
        answer.headers().get(SignAnswer.WWW_AUTHENTICATE));
    assertEquals("https://twinguard.io/problems/dpop-replay", answer.body().toJsonObject().getString("type"));
    verify(answer, answer.body());
  }

  @Test
  void sign_refusalOtherThanAChallenge_hasNoWwwAuthenticate() {
    Answer answer = SIGN.sign(new Outcome.Refused("d-5", new Refusal.Identity(
        new IdentityRefusal.RoleRequired("auditor"), Optional.of("user:u-1"))));

    assertEquals(403, answer.status());
    assertNull(answer.headers().get(SignAnswer.WWW_AUTHENTICATE));
  }

  @Test
  void sign_bodyChangedAfterSigning_failsVerification() {
    Answer answer = SIGN.sign(new Outcome.Released("d-3", 200,
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"), Buffer.buffer("{\"a\":1}")));

    assertThrows(SignatureVerificationException.class, () -> verify(answer, Buffer.buffer("{\"a\":2}")));
  }

  static void verify(Answer answer, Buffer body) throws SignatureVerificationException {
    verify(answer, body, PKI.broker());
  }

  /** Verifies the signature of {@code broker} on {@code answer} as if {@code body} had come with it. */
  public static void verify(Answer answer, Buffer body, BrokerIdentity broker) throws SignatureVerificationException {
    HttpFields fields = HttpFields.of(
        "content-type", answer.headers().get("content-type"),
        "content-digest", answer.headers().get("content-digest"),
        "twin-decision-id", answer.headers().get("twin-decision-id"),
        SignatureFields.SIGNATURE_INPUT, answer.headers().get(SignatureFields.SIGNATURE_INPUT),
        SignatureFields.SIGNATURE, answer.headers().get(SignatureFields.SIGNATURE));
    new MessageVerifier(KeyResolver.of(Map.of(broker.spiffeId(), broker.signingCertificate().getPublicKey())),
        Calls.CLOCK, Duration.ofSeconds(60))
        .verify(new HttpResponse(answer.status(), fields, body.getBytes()));
  }
}
