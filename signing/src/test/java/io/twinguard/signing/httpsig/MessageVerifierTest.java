package io.twinguard.signing.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.SignatureVerificationException.Reason;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final byte[] BODY = "{\"door\":\"open\"}".getBytes(StandardCharsets.UTF_8);
  private static final List<ComponentId> COVERED = List.of(ComponentId.METHOD,
      ComponentId.AUTHORITY, ComponentId.PATH, ComponentId.field("content-digest"),
      ComponentId.field("content-type"));

  private final KeyPair ed = Keys.generate(KeyAlgorithm.ED25519);
  private final KeyPair ec = Keys.generate(KeyAlgorithm.ECDSA_P256);

  private static HttpRequest command() {
    return new HttpRequest("POST", URI.create("https://broker.city.example:8443/twins/door-1/commands"),
        HttpFields.of("Host", "broker.city.example:8443", "Content-Type", "application/json",
            "Content-Digest", ContentDigest.create(BODY, DigestAlgorithm.SHA_256)), BODY);
  }

  private static SignatureParams.Builder params() {
    return SignatureParams.builder(COVERED).created(NOW).keyid("twin-1");
  }

  private HttpMessage signed(KeyPair keys, HttpMessage message, SignatureParams params) {
    return new MessageSigner(keys.getPrivate()).sign(message, "sig1", params).addTo(message);
  }

  private MessageVerifier verifier(KeyPair keys) {
    return new MessageVerifier(KeyResolver.of(Map.of("twin-1", keys.getPublic())), CLOCK, SKEW);
  }

  private Reason failure(MessageVerifier verifier, HttpMessage message) {
    return assertThrows(SignatureVerificationException.class, () -> verifier.verify(message)).reason();
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void verify_untouchedMessage_returnsLabelAndParameters(KeyAlgorithm algorithm) throws Exception {
    KeyPair keys = Keys.generate(algorithm);
    SignatureParams params = params().expires(NOW.plusSeconds(300)).nonce("n-1")
        .alg(SignatureAlgorithm.forKey(keys.getPrivate())).tag("twinguard").build();

    VerifiedSignature verified = verifier(keys).verify(signed(keys, command(), params));

    assertEquals("sig1", verified.label());
    assertEquals(params, verified.params());
    assertEquals(Optional.of("n-1"), verified.params().nonce());
    assertEquals(Optional.of(NOW), verified.params().created());
  }

  @Test
  void verify_coveredFieldChanged_isSignatureMismatch() {
    HttpMessage message = signed(ed, command(), params().build());
    HttpMessage changed = message.withFields(message.fields().without("content-type")
        .with("Content-Type", "text/plain"));

    assertEquals(Reason.SIGNATURE_MISMATCH, failure(verifier(ed), changed));
  }

  @Test
  void verify_pathChanged_isSignatureMismatch() {
    HttpRequest message = (HttpRequest) signed(ec, command(), params().build());
    HttpRequest moved = new HttpRequest(message.method(),
        URI.create("https://broker.city.example:8443/twins/door-2/commands"), message.fields(), BODY);

    assertEquals(Reason.SIGNATURE_MISMATCH, failure(verifier(ec), moved));
  }

  @Test
  void verify_coveredFieldRemoved_isMissingComponent() {
    HttpMessage message = signed(ed, command(), params().build());

    assertEquals(Reason.MISSING_COMPONENT,
        failure(verifier(ed), message.withFields(message.fields().without("content-type"))));
  }

  @Test
  void verify_pastExpiresBeyondSkew_isExpired() {
    HttpMessage message = signed(ed, command(),
        params().expires(NOW.minus(SKEW).minusSeconds(1)).build());

    assertEquals(Reason.EXPIRED, failure(verifier(ed), message));
  }

  @Test
  void verify_createdInFutureBeyondSkew_isCreatedInFuture() {
    HttpMessage message = signed(ed, command(), SignatureParams.builder(COVERED)
        .created(NOW.plus(SKEW).plusSeconds(1)).keyid("twin-1").build());

    assertEquals(Reason.CREATED_IN_FUTURE, failure(verifier(ed), message));
  }

  @Test
  void verify_createdInFutureWithinSkew_isValid() throws Exception {
    HttpMessage message = signed(ed, command(), SignatureParams.builder(COVERED)
        .created(NOW.plus(SKEW)).keyid("twin-1").build());

    assertEquals("sig1", verifier(ed).verify(message).label());
  }

  @Test
  void verify_keyidNotKnown_isUnknownKey() {
    HttpMessage message = signed(ed, command(), SignatureParams.builder(COVERED)
        .created(NOW).keyid("twin-2").build());

    assertEquals(Reason.UNKNOWN_KEY, failure(verifier(ed), message));
  }

  @Test
  void verify_algOfAnotherKeyType_isAlgorithmMismatch() {
    HttpMessage message = signed(ed, command(), params().alg(SignatureAlgorithm.ED25519).build());
    MessageVerifier expectsEc = new MessageVerifier(
        KeyResolver.of(Map.of("twin-1", ec.getPublic())), CLOCK, SKEW);

    assertEquals(Reason.ALGORITHM_MISMATCH, failure(expectsEc, message));
  }

  @Test
  void verify_unimplementedAlg_isAlgorithmMismatch() {
    HttpMessage message = command().withFields(command().fields()
        .with("Signature-Input", "sig1=(\"@method\");created=" + NOW.getEpochSecond()
            + ";keyid=\"twin-1\";alg=\"rsa-pss-sha512\"")
        .with("Signature", "sig1=:AAAA:"));

    assertEquals(Reason.ALGORITHM_MISMATCH, failure(verifier(ed), message));
  }

  @Test
  void verify_signatureFieldNotStructured_isMalformedField() {
    HttpMessage message = signed(ed, command(), params().build());
    HttpMessage broken = message.withFields(message.fields().without("signature")
        .with("Signature", "sig1=not base64:("));

    assertEquals(Reason.MALFORMED_FIELD, failure(verifier(ed), broken));
  }

  @Test
  void verify_createdNotAnInteger_isMalformedField() {
    HttpMessage message = command().withFields(command().fields()
        .with("Signature-Input", "sig1=(\"@method\");created=\"yesterday\";keyid=\"twin-1\"")
        .with("Signature", "sig1=:AAAA:"));

    assertEquals(Reason.MALFORMED_FIELD, failure(verifier(ed), message));
  }

  @Test
  void verify_unsupportedComponentParameter_isMalformedField() {
    HttpMessage message = command().withFields(command().fields()
        .with("Signature-Input", "sig1=(\"content-type\";sf);keyid=\"twin-1\"")
        .with("Signature", "sig1=:AAAA:"));

    assertEquals(Reason.MALFORMED_FIELD, failure(verifier(ed), message));
  }

  @Test
  void verify_noSignatureFields_isNoSignature() {
    assertEquals(Reason.NO_SIGNATURE, failure(verifier(ed), command()));
  }

  @Test
  void verify_otherLabelRequested_isNoSignature() {
    HttpMessage message = signed(ed, command(), params().build());

    assertEquals(Reason.NO_SIGNATURE, assertThrows(SignatureVerificationException.class,
        () -> verifier(ed).verify(message, "sig2")).reason());
  }

  @Test
  void verify_bodyChangedUnderCoveredDigest_isDigestMismatch() {
    HttpRequest message = (HttpRequest) signed(ed, command(), params().build());
    HttpRequest tampered = new HttpRequest(message.method(), message.targetUri(), message.fields(),
        "{\"door\":\"shut\"}".getBytes(StandardCharsets.UTF_8));

    assertEquals(Reason.DIGEST_MISMATCH, failure(verifier(ed), tampered));
  }

  @Test
  void verify_secondSignatureByLabel_picksThatOne() throws Exception {
    HttpMessage once = signed(ed, command(), params().build());
    SignatureParams byBroker = SignatureParams.builder(List.of(ComponentId.METHOD))
        .created(NOW).keyid("broker").build();
    HttpMessage twice = new MessageSigner(ec.getPrivate()).sign(once, "broker", byBroker).addTo(once);
    MessageVerifier verifier = new MessageVerifier(
        KeyResolver.of(Map.of("twin-1", ed.getPublic(), "broker", ec.getPublic())), CLOCK, SKEW);

    assertEquals("broker", verifier.verify(twice, "broker").label());
    assertEquals("sig1", verifier.verify(twice).label());
  }

  @Test
  void signAndVerify_responseWithStatus_roundTrips() throws Exception {
    HttpResponse response = new HttpResponse(409, HttpFields.of("Content-Type", "application/problem+json",
        "Content-Digest", ContentDigest.create(BODY, DigestAlgorithm.SHA_512)), BODY);
    SignatureParams params = SignatureParams.builder(List.of(ComponentId.STATUS,
        ComponentId.field("content-type"), ComponentId.field("content-digest")))
        .created(NOW).keyid("twin-1").build();

    VerifiedSignature verified = verifier(ec).verify(signed(ec, response, params));

    assertEquals(List.of(ComponentId.STATUS, ComponentId.field("content-type"),
        ComponentId.field("content-digest")), verified.params().components());
  }

  @Test
  void sign_algThatDoesNotFitKey_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MessageSigner(ed.getPrivate())
        .sign(command(), "sig1", params().alg(SignatureAlgorithm.ECDSA_P256_SHA256).build()));
  }

  @Test
  void sign_missingCoveredField_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MessageSigner(ed.getPrivate())
        .sign(command(), "sig1", SignatureParams.builder(List.of(ComponentId.field("date"))).build()));
  }
}
