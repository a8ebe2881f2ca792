package io.twinguard.signing.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Builds signed access tokens and DPoP proofs for the tests, signing through Bouncy Castle. */
final class TestTokens {

  static final String ISSUER = "http://127.0.0.1:18080/realms/twinguard";
  static final String AUDIENCE = "twinguard-broker";
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private TestTokens() {}

  /** An issuer's signing key with its kid. */
  record IssuerKey(TokenAlgorithm alg, String kid, KeyPair keys) {
    JWK publicJwk() {
      return TestTokens.publicJwk(keys.getPublic(), alg, kid);
    }
  }

  static IssuerKey issuerKey(TokenAlgorithm alg, String kid) {
    return new IssuerKey(alg, kid, keyPair(alg));
  }

  static KeyPair keyPair(TokenAlgorithm alg) {
    return switch (alg) {
      case ES256 -> Keys.generate(KeyAlgorithm.ECDSA_P256);
      case EDDSA -> Keys.generate(KeyAlgorithm.ED25519);
      case RS256 -> {
        try {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          yield generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  static JWK publicJwk(PublicKey key, TokenAlgorithm alg, String kid) {
    return switch (alg) {
      case RS256 -> new RSAKey.Builder((RSAPublicKey) key).keyID(kid).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).build();
      case ES256 -> new ECKey.Builder(Curve.P_256, (ECPublicKey) key).keyID(kid)
          .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
      case EDDSA -> new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(
              SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getOctets()))
          .keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.EdDSA).build();
    };
  }

  /** The claims Keycloak puts into a DPoP-bound client-credentials token, valid at {@link #NOW}. */
  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "account"))
        .subject("service-account-hvac-co")
        .claim("azp", "hvac-co")
        .issueTime(Date.from(NOW.minusSeconds(10)))
        .expirationTime(Date.from(NOW.plusSeconds(290)))
        .jwtID(UUID.randomUUID().toString())
        .claim("realm_access", Map.of("roles", List.of("default-roles-twinguard")));
  }

  static String token(IssuerKey key, JWTClaimsSet claims) {
    JWSHeader header = new JWSHeader.Builder(new JWSAlgorithm(key.alg().joseName()))
        .type(JOSEObjectType.JWT).keyID(key.kid()).build();
    return sign(key.alg(), key.keys().getPrivate(), header.toBase64URL().toString(),
        claims.toPayload().toBase64URL().toString());
  }

  /** A DPoP proof by {@code keys} (ES256 or EdDSA) for a request, with {@code ath} if a token is given. */
  static String proof(TokenAlgorithm alg, KeyPair keys, String method, String htu, Instant iat,
      String accessToken) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
        .claim("htm", method).claim("htu", htu).issueTime(Date.from(iat));
    if (accessToken != null) {
      claims.claim("ath", DpopProofVerifier.ath(accessToken));
    }
    return proof(alg, keys, proofHeader(alg, keys.getPublic()), claims.build());
  }

  static JWSHeader.Builder proofHeader(TokenAlgorithm alg, PublicKey key) {
    JWK jwk = publicJwk(key, alg, null);
    return new JWSHeader.Builder(new JWSAlgorithm(alg.joseName()))
        .type(new JOSEObjectType("dpop+jwt")).jwk(jwk);
  }

  static String proof(TokenAlgorithm alg, KeyPair keys, JWSHeader.Builder header, JWTClaimsSet claims) {
    return sign(alg, keys.getPrivate(), header.build().toBase64URL().toString(),
        claims.toPayload().toBase64URL().toString());
  }

  /** header.payload.signature, signed with Bouncy Castle as JWS wants it (raw r||s for ES256). */
  static String sign(TokenAlgorithm alg, PrivateKey key, String header, String payload) {
    try {
      Signature signer = Signature.getInstance(alg.jcaName(), BouncyCastle.PROVIDER);
      signer.initSign(key);
      signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + Base64URL.encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String base64Url(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
