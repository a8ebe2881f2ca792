package io.twinguard.audit.anchor;

import io.twinguard.common.settings.TwinguardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether and how the audit log is anchored on Fabric.
 *
 * @param fabricDir the Fabric network directory holding {@code network.properties}; empty means
 *     anchoring is off
 * @param options when to anchor
 * @param deadline the longest one Fabric call may take
 */
public record AnchorConfig(Optional<Path> fabricDir, AnchoringOptions options, Duration deadline) {

  /** @throws IllegalArgumentException when a value is missing or the deadline not positive */
  public AnchorConfig {
    if (fabricDir == null || options == null || deadline == null) {
      throw new IllegalArgumentException("every anchoring setting needs a value");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the Fabric deadline must be positive");
    }
  }

  /**
   * The anchoring part of the settings: {@code fabric.*} and {@code anchor.*}; the backoff after
   * a failed attempt is that of {@link AnchoringOptions#DEFAULTS}.
   */
  public static AnchorConfig from(TwinguardSettings settings) {
    return new AnchorConfig(
        settings.fabric().dir(),
        AnchoringOptions.DEFAULTS.withTrigger(settings.anchor().everyRecords(), settings.anchor().every()),
        settings.fabric().deadline());
  }

  /** Whether a Fabric network is configured. */
  public boolean enabled() {
    return fabricDir.isPresent();
  }
}
