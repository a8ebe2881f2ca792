package io.twinguard.signing.oauth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.signing.keys.Keys;
import io.twinguard.signing.oauth.TokenRejection.DpopKeyMismatch;
import io.twinguard.signing.oauth.TokenRejection.DpopProofInvalid;
import io.twinguard.signing.oauth.TokenRejection.DpopProofStale;
import io.twinguard.signing.oauth.TokenRejection.DpopReplay;
import io.twinguard.signing.oauth.TokenRejection.DpopRequestMismatch;
import io.twinguard.signing.oauth.TokenRejection.DpopTokenHashMismatch;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Checks a DPoP proof JWT as RFC 9449 section 4.3 lists: form, {@code typ}, an allowed asymmetric
 * {@code alg}, a public {@code jwk} that verifies the signature, {@code htm}, {@code htu} (without
 * query and fragment), {@code iat} within the window, {@code ath}, the key's RFC 7638 thumbprint
 * against the token's {@code cnf.jkt}, and last the {@code jti} against replay. Proof keys are
 * Ed25519 or P-256, the key types of the ecosystem (their thumbprints come from {@link Keys}).
 */
final class DpopProofVerifier {

  private static final String TYPE = "dpop+jwt";

  private final TokenExpectations expectations;
  private final Clock clock;
  private final ReplayGuard replayGuard;

  DpopProofVerifier(TokenExpectations expectations, Clock clock, ReplayGuard replayGuard) {
    this.expectations = expectations;
    this.clock = clock;
    this.replayGuard = replayGuard;
  }

  /**
   * Verifies {@code proof} for a request and returns the thumbprint of its key.
   *
   * @param accessToken the token presented with the proof (then {@code ath} is required), or
   *     empty for a proof sent to a token endpoint
   * @param boundJkt the token's {@code cnf.jkt}, or empty when no token binds the key yet
   * @throws TokenRejectedException with the first check that fails
   */
  String verify(String proof, String method, URI target, Optional<String> accessToken,
      Optional<String> boundJkt) throws TokenRejectedException {
    SignedJWT jwt = parse(proof);
    JWSHeader header = jwt.getHeader();
    TokenAlgorithm alg = TokenAlgorithm.ofJoseName(header.getAlgorithm().getName())
        .filter(a -> a != TokenAlgorithm.RS256 && expectations.algorithms().contains(a))
        .orElseThrow(() -> invalid("alg " + header.getAlgorithm() + " is not allowed"));
    JWK jwk = header.getJWK();
    if (jwk == null) {
      throw invalid("no jwk header");
    }
    if (jwk.isPrivate()) {
      throw invalid("the jwk header holds a private key");
    }
    PublicKey key = JwsSignatures.publicKey(jwk, alg)
        .orElseThrow(() -> invalid("the jwk header is not a " + alg.joseName() + " key"));
    Base64URL[] parts = jwt.getParsedParts();
    if (!JwsSignatures.verifies(alg, key, parts[0], parts[1], parts[2])) {
      throw invalid("signature does not verify with its jwk");
    }
    JWTClaimsSet claims = claims(jwt);
    String jti = text(claims, "jti");
    String htm = text(claims, "htm");
    String htu = text(claims, "htu");
    Instant iat = Optional.ofNullable(claims.getIssueTime()).map(Date::toInstant)
        .orElseThrow(() -> invalid("no iat claim"));
    if (!htm.equals(method)) {
      throw new TokenRejectedException(new DpopRequestMismatch("htm", htm));
    }
    if (!HttpTarget.same(htu, target)) {
      throw new TokenRejectedException(new DpopRequestMismatch("htu", htu));
    }
    Instant now = clock.instant();
    Instant oldest = now.minus(expectations.proofLifetime()).minus(expectations.maxSkew());
    if (iat.isBefore(oldest) || iat.isAfter(now.plus(expectations.maxSkew()))) {
      throw new TokenRejectedException(new DpopProofStale(iat));
    }
    if (accessToken.isPresent()) {
      Object ath = claims.getClaim("ath");
      if (!(ath instanceof String given) || !MessageDigest.isEqual(
          given.getBytes(StandardCharsets.US_ASCII), ath(accessToken.get()).getBytes(StandardCharsets.US_ASCII))) {
        throw new TokenRejectedException(new DpopTokenHashMismatch());
      }
    }
    String jkt = Keys.thumbprint(key);
    if (boundJkt.isPresent() && !MessageDigest.isEqual(
        jkt.getBytes(StandardCharsets.US_ASCII), boundJkt.get().getBytes(StandardCharsets.US_ASCII))) {
      throw new TokenRejectedException(new DpopKeyMismatch(jkt, boundJkt.get()));
    }
    Instant forgetAfter = iat.plus(expectations.proofLifetime()).plus(expectations.maxSkew());
    if (!replayGuard.firstUse(jkt + ":" + jti, forgetAfter)) {
      throw new TokenRejectedException(new DpopReplay(jti));
    }
    return jkt;
  }

  /** RFC 9449 section 4.2: base64url (no padding) of SHA-256 over the token's ASCII. */
  static String ath(String accessToken) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64URL.encode(hash).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static SignedJWT parse(String proof) throws TokenRejectedException {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(proof);
    } catch (ParseException e) {
      throw invalid("not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (header.getType() == null || !TYPE.equalsIgnoreCase(header.getType().getType())) {
      throw invalid("typ is not " + TYPE);
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw invalid("crit parameters are not understood");
    }
    return jwt;
  }

  private static JWTClaimsSet claims(SignedJWT jwt) throws TokenRejectedException {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid("claims are not a JSON object");
    }
  }

  private static String text(JWTClaimsSet claims, String name) throws TokenRejectedException {
    if (claims.getClaim(name) instanceof String value && !value.isBlank()) {
      return value;
    }
    throw invalid("no " + name + " claim");
  }

  private static TokenRejectedException invalid(String detail) {
    return new TokenRejectedException(new DpopProofInvalid(detail));
  }
}
