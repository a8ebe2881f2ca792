package io.twinguard.broker.refusal;

import io.twinguard.common.problem.ProblemType;
import io.twinguard.signing.oauth.TokenRejection;
import java.util.Map;
import java.util.Set;

/**
 * The one mapping from a refused access token or proof to its problem type, one type per case of
 * {@link TokenRejection} (a test checks that every permitted case is here).
 */
final class TokenProblems {

  static final Map<Class<? extends TokenRejection>, ProblemType> TYPES = Map.ofEntries(
      Map.entry(TokenRejection.Malformed.class, ProblemType.TOKEN_MALFORMED),
      Map.entry(TokenRejection.AlgorithmNotAllowed.class, ProblemType.TOKEN_ALGORITHM_NOT_ALLOWED),
      Map.entry(TokenRejection.UnknownKey.class, ProblemType.TOKEN_UNKNOWN_KEY),
      Map.entry(TokenRejection.KeyMismatch.class, ProblemType.TOKEN_KEY_MISMATCH),
      Map.entry(TokenRejection.BadSignature.class, ProblemType.TOKEN_BAD_SIGNATURE),
      Map.entry(TokenRejection.MissingClaim.class, ProblemType.TOKEN_MISSING_CLAIM),
      Map.entry(TokenRejection.WrongIssuer.class, ProblemType.TOKEN_WRONG_ISSUER),
      Map.entry(TokenRejection.WrongAudience.class, ProblemType.TOKEN_WRONG_AUDIENCE),
      Map.entry(TokenRejection.Expired.class, ProblemType.TOKEN_EXPIRED),
      Map.entry(TokenRejection.NotYetValid.class, ProblemType.TOKEN_NOT_YET_VALID),
      Map.entry(TokenRejection.Unbound.class, ProblemType.TOKEN_UNBOUND),
      Map.entry(TokenRejection.WrongScheme.class, ProblemType.TOKEN_WRONG_SCHEME),
      Map.entry(TokenRejection.DpopProofMissing.class, ProblemType.DPOP_PROOF_MISSING),
      Map.entry(TokenRejection.DpopProofInvalid.class, ProblemType.DPOP_PROOF_INVALID),
      Map.entry(TokenRejection.DpopRequestMismatch.class, ProblemType.DPOP_REQUEST_MISMATCH),
      Map.entry(TokenRejection.DpopTokenHashMismatch.class, ProblemType.DPOP_TOKEN_HASH_MISMATCH),
      Map.entry(TokenRejection.DpopKeyMismatch.class, ProblemType.DPOP_KEY_MISMATCH),
      Map.entry(TokenRejection.DpopProofStale.class, ProblemType.DPOP_PROOF_STALE),
      Map.entry(TokenRejection.DpopReplay.class, ProblemType.DPOP_REPLAY),
      Map.entry(TokenRejection.CertificateMissing.class, ProblemType.TOKEN_CERTIFICATE_MISSING),
      Map.entry(TokenRejection.CertificateMismatch.class, ProblemType.TOKEN_CERTIFICATE_MISMATCH));

  // RFC 9449 section 7.1: these fail the proof of possession (invalid_dpop_proof), not the token
  private static final Set<Class<? extends TokenRejection>> ABOUT_PROOF = Set.of(
      TokenRejection.DpopProofInvalid.class, TokenRejection.DpopRequestMismatch.class,
      TokenRejection.DpopTokenHashMismatch.class, TokenRejection.DpopProofStale.class, TokenRejection.DpopReplay.class);

  private TokenProblems() {}

  /** The problem type of {@code rejection}; a case this map lacks is a malformed token (fail closed). */
  static ProblemType type(TokenRejection rejection) {
    return TYPES.getOrDefault(rejection.getClass(), ProblemType.TOKEN_MALFORMED);
  }

  /** Whether the proof of possession failed rather than the token. */
  static boolean aboutProof(TokenRejection rejection) {
    return ABOUT_PROOF.contains(rejection.getClass());
  }
}
