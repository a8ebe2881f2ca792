package io.twinguard.consent.portal;

/**
 * The person using the portal or the API: the pseudonymous subject id they act as, and their name.
 */
public record Citizen(String subject, String name) {

  public Citizen {
    if (subject == null || subject.isBlank() || name == null) {
      throw new IllegalArgumentException("a citizen needs a subject id and a name");
    }
  }
}
