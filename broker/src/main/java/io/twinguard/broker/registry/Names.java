package io.twinguard.broker.registry;

import java.util.regex.Pattern;

/** The one rule for names that appear in call URLs: twin names, block names, operations. */
final class Names {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  private Names() {}

  /** @throws IllegalArgumentException when {@code name} is not a URL-safe lower-case name */
  static String requireName(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1-63 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit, not '" + name + "'");
    }
    return name;
  }
}
