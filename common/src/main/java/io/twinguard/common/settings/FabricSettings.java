package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The Fabric network the audit log is anchored on ({@code fabric.*}).
 *
 * @param dir the network directory holding {@code network.properties}; empty: no anchoring
 * @param deadlineMs the longest one Fabric call may take, in milliseconds, 1 or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record FabricSettings(Optional<Path> dir, int deadlineMs) {

  public FabricSettings {
    Check.present("dir", dir);
    Check.atLeast("deadline_ms", deadlineMs, 1);
  }

  /** {@link #deadlineMs} as a duration. */
  public Duration deadline() {
    return Duration.ofMillis(deadlineMs);
  }
}
