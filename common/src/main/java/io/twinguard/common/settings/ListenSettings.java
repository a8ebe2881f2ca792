package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.time.Duration;

/**
 * Where the broker's HTTPS server listens ({@code listen.*}).
 *
 * @param host the address to bind, not blank
 * @param port the port, 0 (any free port) to 65535
 * @param idleTimeoutS how long, in seconds, a connection may send and receive nothing before the
 *     broker closes it (a client that stops in the middle of a request holds nothing for longer), 1
 *     or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ListenSettings(String host, int port, int idleTimeoutS) {

  public ListenSettings {
    Check.text("host", host);
    Check.port("port", port);
    Check.atLeast("idle_timeout_s", idleTimeoutS, 1);
  }

  /** {@link #idleTimeoutS} as a duration. */
  public Duration idleTimeout() {
    return Duration.ofSeconds(idleTimeoutS);
  }
}
