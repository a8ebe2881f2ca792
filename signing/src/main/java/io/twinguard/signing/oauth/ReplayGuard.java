package io.twinguard.signing.oauth;

import java.time.Instant;

/**
 * Remembers the {@code jti} of DPoP proofs already accepted (RFC 9449 section 11.1). The
 * verifier calls it last, only for a proof that passed every other check, so a forged proof
 * cannot use up an honest client's identifier. Implementations must be thread-safe and atomic:
 * two concurrent calls with one {@code jti} return {@code true} at most once.
 */
@FunctionalInterface
public interface ReplayGuard {

  /**
   * Records a proof identifier.
   *
   * @param jti the proof's {@code jti}, prefixed by the thumbprint of its key so that two clients
   *     cannot collide
   * @param forgetAfter when the proof is too old to be accepted anyway: the entry may go then
   * @return true the first time this identifier is seen, false for a replay
   */
  boolean firstUse(String jti, Instant forgetAfter);
}
