package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.time.Duration;

/**
 * How the broker checks RFC 9421 message signatures ({@code signatures.*}).
 *
 * @param windowS how far, in seconds, a signature's created time may lie from the clock, 1 or more
 * @param nonceCapacity how many nonces the replay guard remembers, 1 or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record SignatureSettings(int windowS, int nonceCapacity) {

  public SignatureSettings {
    Check.atLeast("window_s", windowS, 1);
    Check.atLeast("nonce_capacity", nonceCapacity, 1);
  }

  /** {@link #windowS} as a duration. */
  public Duration window() {
    return Duration.ofSeconds(windowS);
  }
}
