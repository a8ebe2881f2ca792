package io.twinguard.signing.oauth;

import java.time.Instant;
import java.util.List;

/**
 * Why an access token, or the proof of possession presented with it, was refused. One case per
 * reason, so that a caller can map each to its own problem type; {@link #message()} is one
 * readable sentence that never contains a token, a proof or key material.
 */
public sealed interface TokenRejection {

  /** One sentence for logs and problem details. */
  String message();

  /** The token is not a compact JWS with a JSON header and a JSON claims set. */
  record Malformed(String detail) implements TokenRejection {
    @Override
    public String message() {
      return "malformed access token: " + detail;
    }
  }

  /** The token's {@code alg} is not on the allow-list ({@code none} and HMAC never are). */
  record AlgorithmNotAllowed(String alg) implements TokenRejection {
    @Override
    public String message() {
      return "access token algorithm " + alg + " is not allowed";
    }
  }

  /** No key of the JWK set has the token's {@code kid}: the caller may refetch the set once. */
  record UnknownKey(String kid) implements TokenRejection {
    @Override
    public String message() {
      return "no key " + kid + " in the issuer's JWK set";
    }
  }

  /** The key named by {@code kid} cannot verify this {@code alg} (type, curve, use or alg differ). */
  record KeyMismatch(String kid, String alg) implements TokenRejection {
    @Override
    public String message() {
      return "key " + kid + " is not a signing key for " + alg;
    }
  }

  /** The signature does not verify with the issuer's key: forged or altered. */
  record BadSignature(String kid) implements TokenRejection {
    @Override
    public String message() {
      return "access token signature does not verify with key " + kid;
    }
  }

  /** A claim the verifier needs ({@code iss}, {@code aud}, {@code exp}) is missing or mistyped. */
  record MissingClaim(String claim) implements TokenRejection {
    @Override
    public String message() {
      return "access token lacks claim " + claim;
    }
  }

  /** The token was issued by another issuer. */
  record WrongIssuer(String issuer, String expected) implements TokenRejection {
    @Override
    public String message() {
      return "access token issuer " + issuer + " is not " + expected;
    }
  }

  /** The token is not meant for this audience. */
  record WrongAudience(List<String> audience, String expected) implements TokenRejection {
    public WrongAudience {
      audience = List.copyOf(audience);
    }

    @Override
    public String message() {
      return "access token audience " + audience + " does not include " + expected;
    }
  }

  /** The token expired ({@code exp} plus the allowed skew is before now). */
  record Expired(Instant expiredAt) implements TokenRejection {
    @Override
    public String message() {
      return "access token expired at " + expiredAt;
    }
  }

  /** The token's {@code nbf} or {@code iat} lies in the future beyond the allowed skew. */
  record NotYetValid(String claim, Instant at) implements TokenRejection {
    @Override
    public String message() {
      return "access token is not valid yet (" + claim + " " + at + ")";
    }
  }

  /** The token has no {@code cnf} binding: a bearer token alone gets nothing. */
  record Unbound() implements TokenRejection {
    @Override
    public String message() {
      return "access token is not sender-constrained (no cnf): use DPoP or a certificate-bound token";
    }
  }

  /**
   * The authorization scheme does not fit the token: a DPoP-bound token must come as
   * {@code Authorization: DPoP}, and only a DPoP-bound token may (RFC 9449 section 7.1).
   */
  record WrongScheme(AuthScheme scheme) implements TokenRejection {
    @Override
    public String message() {
      return "authorization scheme " + scheme.httpName() + " does not fit this token's binding";
    }
  }

  /** The token is DPoP-bound but no DPoP proof came with it. */
  record DpopProofMissing() implements TokenRejection {
    @Override
    public String message() {
      return "the access token is DPoP-bound and no DPoP proof came with it";
    }
  }

  /** The DPoP proof is unusable: its form, typ, alg, jwk, claims or signature (detail says which). */
  record DpopProofInvalid(String detail) implements TokenRejection {
    @Override
    public String message() {
      return "invalid DPoP proof: " + detail;
    }
  }

  /** The proof was made for another request: {@code htm} or {@code htu} (claim) differs. */
  record DpopRequestMismatch(String claim, String value) implements TokenRejection {
    @Override
    public String message() {
      return "DPoP proof " + claim + " " + value + " does not match the request";
    }
  }

  /** The proof's {@code ath} is not the hash of the presented access token (or is missing). */
  record DpopTokenHashMismatch() implements TokenRejection {
    @Override
    public String message() {
      return "DPoP proof ath does not match the access token";
    }
  }

  /** The proof is signed by another key than the one the token is bound to ({@code cnf.jkt}). */
  record DpopKeyMismatch(String proofThumbprint, String boundThumbprint) implements TokenRejection {
    @Override
    public String message() {
      return "DPoP proof key " + proofThumbprint + " is not the token's key " + boundThumbprint;
    }
  }

  /** The proof's {@code iat} is outside the accepted window. */
  record DpopProofStale(Instant issuedAt) implements TokenRejection {
    @Override
    public String message() {
      return "DPoP proof issued at " + issuedAt + " is outside the accepted window";
    }
  }

  /** The proof's {@code jti} was seen before: a replayed proof. */
  record DpopReplay(String jti) implements TokenRejection {
    @Override
    public String message() {
      return "DPoP proof " + jti + " was already used";
    }
  }

  /** The token is certificate-bound but no client certificate came with the request. */
  record CertificateMissing() implements TokenRejection {
    @Override
    public String message() {
      return "the access token is certificate-bound and the request has no client certificate";
    }
  }

  /** The client certificate is not the one the token is bound to ({@code cnf.x5t#S256}). */
  record CertificateMismatch(String presentedThumbprint, String boundThumbprint)
      implements TokenRejection {
    @Override
    public String message() {
      return "client certificate " + presentedThumbprint + " is not the token's certificate "
          + boundThumbprint;
    }
  }
}
