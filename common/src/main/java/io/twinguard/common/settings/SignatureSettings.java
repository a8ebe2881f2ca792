package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.time.Duration;

/**
 * How the broker checks RFC 9421 message signatures ({@code signatures.*}).
 *
 * @param windowS how far, in seconds, a signature's created time may lie from the clock, 1 or more
 * @param clockSkewS how far, in seconds, the broker's and a caller's clocks may disagree: a
 *     signature whose expires passed longer ago, or whose created lies further ahead, is refused; 0
 *     or more, less than the window
 * @param nonceCapacity how many nonces the replay guard remembers, 1 or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record SignatureSettings(int windowS, int clockSkewS, int nonceCapacity) {

  public SignatureSettings {
    Check.atLeast("window_s", windowS, 1);
    Check.atLeast("clock_skew_s", clockSkewS, 0);
    if (clockSkewS >= windowS) {
      throw InvalidValue.conflict("clock_skew_s", "must be less than signatures.window_s");
    }
    Check.atLeast("nonce_capacity", nonceCapacity, 1);
  }

  /** {@link #clockSkewS} as a duration. */
  public Duration clockSkew() {
    return Duration.ofSeconds(clockSkewS);
  }

  /** {@link #windowS} as a duration. */
  public Duration window() {
    return Duration.ofSeconds(windowS);
  }
}
