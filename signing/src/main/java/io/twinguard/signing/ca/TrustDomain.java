package io.twinguard.signing.ca;

import java.util.regex.Pattern;

/**
 * A SPIFFE trust domain such as {@code city.example}: lower-case letters, digits, dots, dashes and
 * underscores, at most 255 characters (SPIFFE-ID specification, section 2.1).
 *
 * @param name the trust domain name
 */
public record TrustDomain(String name) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,255}");

  /** @throws IllegalArgumentException when {@code name} is not a valid trust domain name */
  public TrustDomain {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a SPIFFE trust domain name: " + name
          + " (lower-case letters, digits, '.', '-', '_')");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
