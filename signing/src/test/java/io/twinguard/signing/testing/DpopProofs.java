package io.twinguard.signing.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * RFC 9449 DPoP proofs as a client makes them (ES256, the public key in the header), for the tests
 * of every module that call Keycloak or the broker with a DPoP-bound token. The verifier's own
 * tests build their proofs in {@code oauth.TestTokens}, where each field can be broken on purpose.
 */
public final class DpopProofs {

  private DpopProofs() {}

  /**
   * A proof of a request.
   *
   * @param htu the {@code htu} claim as given (see {@link #htu(URI)} for the request URI without
   *     query and fragment)
   * @param accessToken the token the proof goes with, hashed into {@code ath}; {@code null} for a
   *     token request, which has none yet
   */
  public static String proof(ECKey key, String method, String htu, Instant iat, String accessToken) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .jwtID(UUID.randomUUID().toString())
        .claim("htm", method)
        .claim("htu", htu)
        .issueTime(Date.from(iat));
    if (accessToken != null) {
      claims.claim("ath", ath(accessToken));
    }
    SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(), claims.build());
    try {
      proof.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a DPoP proof with an ES256 key", e);
    }
    return proof.serialize();
  }

  /** The {@code htu} of a request to {@code target}: its URI without query and fragment (RFC 9449 section 4.2). */
  public static String htu(URI target) {
    return target.getScheme() + "://" + target.getRawAuthority() + target.getRawPath();
  }

  /** The {@code ath} of an access token: base64url of its SHA-256 (RFC 9449 section 4.2). */
  public static String ath(String accessToken) {
    try {
      return Base64URL.encode(MessageDigest.getInstance("SHA-256")
          .digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
