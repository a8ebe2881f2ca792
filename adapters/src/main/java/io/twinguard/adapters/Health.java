package io.twinguard.adapters;

import java.util.Objects;

/**
 * An adapter's health for the broker's {@code /ready}.
 *
 * @param up whether the adapter can serve calls now
 * @param detail what was checked and what was found, for operators
 */
public record Health(boolean up, String detail) {
  public Health {
    Objects.requireNonNull(detail, "detail");
  }

  public static Health up(String detail) {
    return new Health(true, detail);
  }

  public static Health down(String detail) {
    return new Health(false, detail);
  }
}
