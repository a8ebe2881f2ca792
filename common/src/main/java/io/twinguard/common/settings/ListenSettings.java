package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;

/**
 * Where the broker's HTTPS server listens ({@code listen.*}).
 *
 * @param host the address to bind, not blank
 * @param port the port, 0 (any free port) to 65535
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ListenSettings(String host, int port) {

  public ListenSettings {
    Check.text("host", host);
    Check.port("port", port);
  }
}
