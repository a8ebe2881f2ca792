package io.twinguard.consent.portal;

/**
 * Maps a person logged in through Keycloak to the pseudonymous data-subject id the broker's calls
 * and consent records use. Implementations must be deterministic and must not block.
 */
@FunctionalInterface
public interface SubjectMapper {

  /** The subject id of the user {@code userSubject} (the token's {@code sub}) of {@code issuer}. */
  String subjectOf(String issuer, String userSubject);
}
