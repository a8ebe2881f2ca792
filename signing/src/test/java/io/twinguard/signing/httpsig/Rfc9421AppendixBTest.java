package io.twinguard.signing.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9421 Appendix B.2 and B.3, byte for byte where the algorithm is deterministic. */
class Rfc9421AppendixBTest {

  private static final Clock AFTER_EXAMPLES =
      Clock.fixed(Instant.ofEpochSecond(1618884473L + 60), ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(strings = {"b21", "b22", "b23", "b25", "b26"})
  void build_requestExample_equalsAppendixSignatureBase(String example) throws Exception {
    String base = SignatureBase.build(Rfc9421Vectors.request(), Rfc9421Vectors.params(example));

    assertEquals(Rfc9421Vectors.base(example), base);
  }

  @Test
  void build_responseExampleB24_equalsAppendixSignatureBase() throws Exception {
    String base = SignatureBase.build(Rfc9421Vectors.response(), Rfc9421Vectors.params("b24"));

    assertEquals(Rfc9421Vectors.base("b24"), base);
  }

  @Test
  void build_proxyExampleB3_equalsAppendixSignatureBase() throws Exception {
    HttpMessage proxied = RawHttp.parse(
        io.twinguard.signing.testing.TestResources.bytes("rfc9421/b3-proxied-request.http"), "https");
    SignatureParams params = SignatureParams.builder(java.util.List.of(ComponentId.PATH,
            ComponentId.QUERY, ComponentId.METHOD, ComponentId.AUTHORITY, ComponentId.field("client-cert")))
        .created(Instant.ofEpochSecond(1618884473L)).keyid("test-key-ecc-p256").build();

    assertEquals(Rfc9421Vectors.base("b3"), SignatureBase.build(proxied, params));
  }

  @Test
  void sign_b26WithTestKeyEd25519_reproducesAppendixFieldsExactly() throws Exception {
    SignatureParams params = SignatureParams.builder(java.util.List.of(ComponentId.field("date"),
            ComponentId.METHOD, ComponentId.PATH, ComponentId.AUTHORITY,
            ComponentId.field("content-type"), ComponentId.field("content-length")))
        .created(Instant.ofEpochSecond(1618884473L)).keyid("test-key-ed25519").build();

    SignatureFields fields = new MessageSigner(Rfc9421Vectors.ed25519Private())
        .sign(Rfc9421Vectors.request(), "sig-b26", params);

    String[] expected = Rfc9421Vectors.fields("b26");
    assertEquals(expected[0], fields.signatureInput());
    assertEquals(expected[1], fields.signature());
  }

  @Test
  void verify_b26Ed25519AppendixSignature_isValid() throws Exception {
    MessageVerifier verifier = new MessageVerifier(
        KeyResolver.of(Map.of("test-key-ed25519", Rfc9421Vectors.ed25519Public())), AFTER_EXAMPLES,
        Duration.ofSeconds(5));

    VerifiedSignature verified = verifier.verify(Rfc9421Vectors.withFields(Rfc9421Vectors.request(), "b26"));

    assertEquals("sig-b26", verified.label());
    assertEquals(SignatureAlgorithm.ED25519, verified.algorithm());
  }

  @Test
  void verify_b24EcdsaAppendixSignatureOnResponse_isValid() throws Exception {
    MessageVerifier verifier = new MessageVerifier(
        KeyResolver.of(Map.of("test-key-ecc-p256", Rfc9421Vectors.p256Public())), AFTER_EXAMPLES,
        Duration.ofSeconds(5));

    VerifiedSignature verified = verifier.verify(Rfc9421Vectors.withFields(Rfc9421Vectors.response(), "b24"));

    assertEquals(SignatureAlgorithm.ECDSA_P256_SHA256, verified.algorithm());
  }

  @Test
  void verify_b3EcdsaProxySignature_isValid() throws Exception {
    HttpMessage signed = RawHttp.parse(
        io.twinguard.signing.testing.TestResources.bytes("rfc9421/b3-signed-request.http"), "https");
    MessageVerifier verifier = new MessageVerifier(
        KeyResolver.of(Map.of("test-key-ecc-p256", Rfc9421Vectors.p256Public())), AFTER_EXAMPLES,
        Duration.ofSeconds(5));

    assertEquals("ttrp", verifier.verify(signed).label());
  }

  @Test
  void signAndVerify_ecdsaWithTestKey_roundTripsAndIsRawRs() throws Exception {
    SignatureParams params = Rfc9421Vectors.params("b24");
    SignatureFields fields = new MessageSigner(Rfc9421Vectors.p256Private())
        .sign(Rfc9421Vectors.response(), "sig-b24", params);
    MessageVerifier verifier = new MessageVerifier(
        KeyResolver.of(Map.of("test-key-ecc-p256", Rfc9421Vectors.p256Public())), AFTER_EXAMPLES,
        Duration.ofSeconds(5));

    verifier.verify(fields.addTo(Rfc9421Vectors.response()));

    assertEquals(Rfc9421Vectors.fields("b24")[0], fields.signatureInput());
    byte[] signature = java.util.Base64.getDecoder().decode(
        fields.signature().substring("sig-b24=:".length(), fields.signature().length() - 1));
    assertEquals(64, signature.length);
    // The JDK's own provider, reading IEEE P1363 (r || s), is an independent check of the format.
    java.security.Signature jdk = java.security.Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
    jdk.initVerify(java.security.KeyFactory.getInstance("EC", "SunEC").generatePublic(
        new java.security.spec.X509EncodedKeySpec(Rfc9421Vectors.p256Public().getEncoded())));
    jdk.update(Rfc9421Vectors.base("b24").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(true, jdk.verify(signature));
  }
}
