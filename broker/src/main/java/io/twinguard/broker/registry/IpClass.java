package io.twinguard.broker.registry;

import java.util.Arrays;
import java.util.Locale;

/** How a block's intellectual property may be used by other organisations. */
public enum IpClass {
  OPEN,
  LICENSED,
  PROPRIETARY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
   */
  public static IpClass parse(String text) {
    return Arrays.stream(values())
        .filter(ipClass -> ipClass.wireName().equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "must be one of open, licensed, proprietary, not '" + text + "'"));
  }
}
