package io.twinguard.broker.verification;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.call.Verified;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifySignatureTest {

  static final TestPki PKI = new TestPki(Calls.NOW);
  static final TestPki.Credentials SPRINKLERS = PKI.twin("spiffe://test.example/twin/sprinklers");
  static final String COMMAND = "thermostat/gateway/valves/open";
  static final List<ComponentId> FULL = List.of(ComponentId.METHOD, ComponentId.TARGET_URI,
      ComponentId.field("content-type"), ComponentId.field("content-digest"));

  final VerifySignature verify = new VerifySignature(
      new ReplayGuard(Calls.CLOCK, Duration.ofSeconds(60), 1000), Calls.CLOCK, Duration.ofSeconds(2));

  @Test
  void apply_commandSignedByTheCaller_isVerified() {
    Verified verified = value(verify.apply(signed(command(), FULL, Calls.NOW, "n-1").resolved()));

    assertTrue(verified.signed());
  }

  @Test
  void apply_readWithoutSignature_passesUnsigned() {
    Verified verified = value(verify.apply(Calls.to("thermostat/model/heating/predict")
        .json(new JsonObject().put("outdoor_c", 3)).resolved()));

    assertFalse(verified.signed());
  }

  @Test
  void apply_commandWithoutSignature_isBadSignature() {
    refusal(verify.apply(command().resolved()), Refusal.BadSignature.class);
  }

  @Test
  void apply_payloadChangedAfterSigning_isBadSignature() {
    Calls call = signed(command(), FULL, Calls.NOW, "n-2").json(new JsonObject().put("valve", "valve:2"));

    refusal(verify.apply(call.resolved()), Refusal.BadSignature.class);
  }

  @Test
  void apply_signatureNotCoveringContentDigest_isBadSignature() {
    Refusal.BadSignature refused = refusal(verify.apply(signed(command(),
        List.of(ComponentId.METHOD, ComponentId.TARGET_URI), Calls.NOW, "n-3").resolved()), Refusal.BadSignature.class);

    assertTrue(refused.detail().contains("content-digest"), refused.detail());
  }

  @Test
  void apply_sameNonceTwice_isReplayed() {
    value(verify.apply(signed(command(), FULL, Calls.NOW, "n-4").resolved()));

    refusal(verify.apply(signed(command(), FULL, Calls.NOW, "n-4").resolved()), Refusal.Replayed.class);
  }

  @Test
  void apply_createdOutsideTheWindow_isReplayed() {
    refusal(verify.apply(signed(command(), FULL, Calls.NOW.minusSeconds(61), "n-5").resolved()),
        Refusal.Replayed.class);
  }

  @Test
  void apply_signatureWithoutNonce_isBadSignature() {
    refusal(verify.apply(signed(command(), FULL, Calls.NOW, null).resolved()), Refusal.BadSignature.class);
  }

  @Test
  void apply_signatureThatExpiredFiveSecondsAgo_isBadSignature() {
    Calls call = signed(command(), FULL, Calls.NOW.minusSeconds(30), "n-6", Calls.NOW.minusSeconds(5));

    refusal(verify.apply(call.resolved()), Refusal.BadSignature.class);
  }

  @Test
  void apply_emptyNonce_isBadSignature() {
    refusal(verify.apply(signed(command(), FULL, Calls.NOW, "").resolved()), Refusal.BadSignature.class);
  }

  static Calls command() {
    return Calls.to(COMMAND).from("sprinklers").purpose("dpv:VitalInterest")
        .json(new JsonObject().put("valve", "valve:1")).chain(SPRINKLERS.chain());
  }

  /** {@code call} with the sprinklers' signature over {@code covered}, as a twin would sign it. */
  static Calls signed(Calls call, List<ComponentId> covered, Instant created, String nonce) {
    return signed(call, covered, created, nonce, null);
  }

  /** The same, with an expires parameter when {@code expires} is not null. */
  static Calls signed(Calls call, List<ComponentId> covered, Instant created, String nonce, Instant expires) {
    byte[] body = call.ingress().body().getBytes();
    String digest = ContentDigest.create(body, DigestAlgorithm.SHA_256);
    SignatureParams.Builder params = SignatureParams.builder(covered).created(created)
        .keyid("spiffe://test.example/twin/sprinklers");
    if (nonce != null) {
      params.nonce(nonce);
    }
    if (expires != null) {
      params.expires(expires);
    }
    SignatureFields signature = new MessageSigner(SPRINKLERS.keyPair().getPrivate()).sign(
        new HttpRequest("POST", URI.create(call.uri()),
            HttpFields.of("content-type", "application/json", ContentDigest.FIELD, digest), body),
        "twin", params.build());
    return call.header(ContentDigest.FIELD, digest)
        .header(SignatureFields.SIGNATURE_INPUT, signature.signatureInput())
        .header(SignatureFields.SIGNATURE, signature.signature());
  }
}
