package io.twinguard.adapters;

import java.util.Arrays;
import java.util.Locale;

/**
 * The four kinds of building block a twin exposes, as the broker's registry names them. The
 * adapters keep their own copy so that they never depend on the broker.
 */
public enum BlockKind {
  GATEWAY,
  DATA,
  MODEL,
  SERVICE;

  /** The name used on the wire and in settings: {@code gateway}, {@code data}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the allowed values when {@code text} is none of them */
  public static BlockKind parse(String text) {
    return Arrays.stream(values())
        .filter(kind -> kind.wireName().equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "must be one of gateway, data, model, service, not '" + text + "'"));
  }
}
