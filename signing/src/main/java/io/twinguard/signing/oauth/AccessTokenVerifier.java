package io.twinguard.signing.oauth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.signing.oauth.TokenRejection.AlgorithmNotAllowed;
import io.twinguard.signing.oauth.TokenRejection.BadSignature;
import io.twinguard.signing.oauth.TokenRejection.Expired;
import io.twinguard.signing.oauth.TokenRejection.KeyMismatch;
import io.twinguard.signing.oauth.TokenRejection.Malformed;
import io.twinguard.signing.oauth.TokenRejection.MissingClaim;
import io.twinguard.signing.oauth.TokenRejection.NotYetValid;
import io.twinguard.signing.oauth.TokenRejection.UnknownKey;
import io.twinguard.signing.oauth.TokenRejection.WrongAudience;
import io.twinguard.signing.oauth.TokenRejection.WrongIssuer;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies an OAuth access token (a JWT as Keycloak issues them) and the sender constraint it
 * carries, with no I/O: the caller hands in the issuer's JWK set, and a {@link Clock} tells the
 * time. In order: the form, the {@code alg} allow-list, the key by {@code kid}, the signature,
 * {@code iss}, {@code aud}, {@code exp}, {@code nbf} and {@code iat}, then the sender constraint
 * in {@code cnf}: a token without it is refused, a DPoP-bound one needs its proof (RFC 9449), a
 * certificate-bound one the client certificate of the connection (RFC 8705).
 *
 * <p>Thread-safe when the {@link ReplayGuard} is. A {@link TokenRejection.UnknownKey} tells the
 * caller that the issuer may have rotated its keys: refetch the set (with a floor on how often)
 * and verify again.
 */
public final class AccessTokenVerifier {

  private final TokenExpectations expectations;
  private final Clock clock;
  private final SenderConstraint senderConstraint;

  public AccessTokenVerifier(TokenExpectations expectations, Clock clock, ReplayGuard replayGuard) {
    this.expectations = Objects.requireNonNull(expectations, "expectations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.senderConstraint = new SenderConstraint(
        new DpopProofVerifier(expectations, clock, Objects.requireNonNull(replayGuard, "replayGuard")));
  }

  /**
   * Verifies a presented token against the issuer's keys.
   *
   * @return the token's identity and binding
   * @throws TokenRejectedException with the first check that fails
   */
  public VerifiedToken verify(PresentedToken presented, JWKSet keys) throws TokenRejectedException {
    Objects.requireNonNull(presented, "presented");
    Objects.requireNonNull(keys, "keys");
    SignedJWT jwt = parse(presented.accessToken());
    TokenAlgorithm alg = TokenAlgorithm.ofJoseName(jwt.getHeader().getAlgorithm().getName())
        .orElseThrow();
    checkSignature(jwt, alg, keys);
    JWTClaimsSet claims = claims(jwt);
    Instant expiresAt = checkClaims(claims);
    VerifiedToken.Binding binding = senderConstraint.check(presented, claims);
    String clientId = Optional.ofNullable(string(claims, "azp")).or(() -> Optional.ofNullable(string(claims, "client_id")))
        .orElseThrow(() -> rejected(new MissingClaim("azp")));
    String subject = Optional.ofNullable(claims.getSubject())
        .orElseThrow(() -> rejected(new MissingClaim("sub")));
    return new VerifiedToken(subject, clientId, Optional.ofNullable(string(claims, "preferred_username")),
        roles(claims), expiresAt, binding);
  }

  /** Parses the compact JWS; {@code alg} is checked against the allow-list before anything else. */
  private SignedJWT parse(String token) throws TokenRejectedException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw rejected(new Malformed(parts.length == 5 ? "an encrypted JWT" : "not a compact JWS"));
    }
    Object alg;
    try {
      Map<String, Object> header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
      alg = header.get("alg");
    } catch (ParseException e) {
      throw rejected(new Malformed("the header is not a JSON object"));
    }
    if (!(alg instanceof String name)) {
      throw rejected(new Malformed("no alg header"));
    }
    if (TokenAlgorithm.ofJoseName(name).filter(expectations.algorithms()::contains).isEmpty()) {
      throw rejected(new AlgorithmNotAllowed(name));
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw rejected(new Malformed("not a signed JWT"));
    }
    JWSHeader header = jwt.getHeader();
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw rejected(new Malformed("crit parameters are not understood"));
    }
    if (header.getType() != null && "dpop+jwt".equalsIgnoreCase(header.getType().getType())) {
      throw rejected(new Malformed("a DPoP proof is not an access token"));
    }
    if (header.getKeyID() == null) {
      throw rejected(new Malformed("no kid header"));
    }
    return jwt;
  }

  private static void checkSignature(SignedJWT jwt, TokenAlgorithm alg, JWKSet keys)
      throws TokenRejectedException {
    String kid = jwt.getHeader().getKeyID();
    JWK jwk = keys.getKeyByKeyId(kid);
    if (jwk == null) {
      throw rejected(new UnknownKey(kid));
    }
    PublicKey key = JwsSignatures.publicKey(jwk, alg)
        .orElseThrow(() -> rejected(new KeyMismatch(kid, alg.joseName())));
    Base64URL[] parts = jwt.getParsedParts();
    if (!JwsSignatures.verifies(alg, key, parts[0], parts[1], parts[2])) {
      throw rejected(new BadSignature(kid));
    }
  }

  private static JWTClaimsSet claims(SignedJWT jwt) throws TokenRejectedException {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw rejected(new Malformed("the claims are not a JSON object"));
    }
  }

  /** Checks iss, aud and the times; returns exp. */
  private Instant checkClaims(JWTClaimsSet claims) throws TokenRejectedException {
    String issuer = string(claims, "iss");
    if (issuer == null) {
      throw rejected(new MissingClaim("iss"));
    }
    if (!issuer.equals(expectations.issuer())) {
      throw rejected(new WrongIssuer(issuer, expectations.issuer()));
    }
    List<String> audience = claims.getAudience();
    if (audience.isEmpty()) {
      throw rejected(new MissingClaim("aud"));
    }
    if (!audience.contains(expectations.audience())) {
      throw rejected(new WrongAudience(audience, expectations.audience()));
    }
    Instant now = clock.instant();
    Instant exp = instant(claims, "exp").orElseThrow(() -> rejected(new MissingClaim("exp")));
    if (now.isAfter(exp.plus(expectations.maxSkew()))) {
      throw rejected(new Expired(exp));
    }
    for (String claim : List.of("nbf", "iat")) {
      Optional<Instant> at = instant(claims, claim);
      if (at.isPresent() && at.get().isAfter(now.plus(expectations.maxSkew()))) {
        throw rejected(new NotYetValid(claim, at.get()));
      }
    }
    return exp;
  }

  private static Optional<Instant> instant(JWTClaimsSet claims, String name)
      throws TokenRejectedException {
    if (claims.getClaim(name) == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(claims.getDateClaim(name)).map(Date::toInstant);
    } catch (ParseException e) {
      throw rejected(new MissingClaim(name));
    }
  }

  private static String string(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String value ? value : null;
  }

  private static List<String> roles(JWTClaimsSet claims) {
    if (claims.getClaim("realm_access") instanceof Map<?, ?> access
        && access.get("roles") instanceof List<?> roles) {
      return roles.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }

  static TokenRejectedException rejected(TokenRejection rejection) {
    return new TokenRejectedException(rejection);
  }
}
