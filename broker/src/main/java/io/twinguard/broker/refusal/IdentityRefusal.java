package io.twinguard.broker.refusal;

import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.signing.oauth.TokenRejection;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the broker did not accept who a caller or asker says it is, when it came with an access token
 * or could have: the token or its proof of possession was refused, the token's client is no
 * registered twin, the twin may not authenticate that way, the asker lacks the role, or the
 * identity provider could not be asked. Each reason has its own RFC 9457 problem type; a 401
 * carries the {@code WWW-Authenticate} challenge of the schemes the broker takes (RFC 9449 DPoP,
 * and Bearer for certificate-bound tokens, RFC 8705).
 */
public sealed interface IdentityRefusal {

  /** The DPoP proof algorithms the broker verifies: the ecosystem's key types. */
  String DPOP_ALGS = "ES256 EdDSA";

  /** The challenge when no credentials came: the schemes the broker takes, no error. */
  String CHALLENGE = "DPoP algs=\"" + DPOP_ALGS + "\", Bearer realm=\"twinguard\"";

  /** The problem the caller receives. */
  Problem problem();

  /** The {@code WWW-Authenticate} value of a 401; empty for any other status. */
  default Optional<String> challenge() {
    return Optional.empty();
  }

  /**
   * The token or its proof was refused: one problem type per {@link TokenRejection} case.
   *
   * @param rejection why, as {@code signing.oauth} found it; its message names no secret
   */
  record TokenRejected(TokenRejection rejection) implements IdentityRefusal {
    public TokenRejected {
      Objects.requireNonNull(rejection, "rejection");
    }

    @Override
    public Problem problem() {
      return new Problem(TokenProblems.type(rejection), rejection.message());
    }

    @Override
    public Optional<String> challenge() {
      return Optional.of(TokenProblems.aboutProof(rejection)
          ? "DPoP error=\"invalid_dpop_proof\", algs=\"" + DPOP_ALGS + "\""
          : "DPoP error=\"invalid_token\", algs=\"" + DPOP_ALGS + "\", Bearer realm=\"twinguard\", error=\"invalid_token\"");
    }
  }

  /** Neither a certificate nor a token came, or the {@code Authorization} header is of no scheme the broker takes. */
  record CredentialsMissing(String detail) implements IdentityRefusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.UNAUTHENTICATED, detail);
    }

    @Override
    public Optional<String> challenge() {
      return Optional.of(CHALLENGE);
    }
  }

  /** The token is valid, but its client stands for no registered twin. */
  record UnknownClient(String clientId) implements IdentityRefusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.TOKEN_UNKNOWN_CLIENT,
          "the access token's client '" + clientId + "' is the client_id of no registered twin");
    }
  }

  /** The twin is registered, but its registry entry does not allow this way of authenticating. */
  record MethodNotAllowed(String detail) implements IdentityRefusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.AUTH_METHOD_NOT_ALLOWED, detail);
    }
  }

  /**
   * The asker is known but lacks the role the interface requires.
   *
   * @param role the realm role required, such as {@code operator}
   */
  record RoleRequired(String role) implements IdentityRefusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.ROLE_REQUIRED, "this interface requires the role '" + role + "'");
    }
  }

  /** The token needs a key the broker does not hold and the identity provider did not answer. */
  record ProviderUnavailable(String detail) implements IdentityRefusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.IDENTITY_UNAVAILABLE, detail);
    }
  }
}
