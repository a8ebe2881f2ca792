package io.twinguard.common.twin;

import java.util.Arrays;
import java.util.Locale;

/**
 * The four kinds of building block a twin exposes, as the registry, the policies, the audit
 * records and the adapters name them.
 */
public enum BlockKind {
  /** Events from and commands to the physical thing. */
  GATEWAY,
  /** The twin's digital shadow. */
  DATA,
  /** Descriptive, predictive or prescriptive models. */
  MODEL,
  /** Composed services. */
  SERVICE;

  /** The name used on the wire and in files: {@code gateway}, {@code data}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
   */
  public static BlockKind parse(String text) {
    return Arrays.stream(values())
        .filter(kind -> kind.wireName().equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "must be one of gateway, data, model, service, not '" + text + "'"));
  }
}
