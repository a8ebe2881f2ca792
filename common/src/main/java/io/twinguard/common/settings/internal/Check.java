package io.twinguard.common.settings.internal;

/** The range checks the settings records make in their constructors, each naming the setting. */
public final class Check {

  private Check() {}

  /** Returns {@code value} when present; a missing section or value is refused. */
  public static <T> T present(String leaf, T value) {
    if (value == null) {
      throw InvalidValue.conflict(leaf, "must have a value");
    }
    return value;
  }

  /** Returns {@code value} when it holds text; blank text is refused. */
  public static String text(String leaf, String value) {
    if (value == null || value.isBlank()) {
      throw InvalidValue.conflict(leaf, "must not be empty");
    }
    return value;
  }

  /** Returns {@code value} when it is at least {@code min}. */
  public static long atLeast(String leaf, long value, long min) {
    if (value < min) {
      throw InvalidValue.of(leaf, "must be at least " + min, value);
    }
    return value;
  }

  /** Returns {@code value} when it is a TCP port, 0 (any free port) to 65535. */
  public static int port(String leaf, int value) {
    if (value < 0 || value > 65_535) {
      throw InvalidValue.of(leaf, "must be a port number from 0 to 65535", value);
    }
    return value;
  }
}
