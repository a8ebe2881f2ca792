package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker's own certificate and key ({@code server.*}): both given, or neither (then the broker
 * issues itself one from the CA at start).
 *
 * @param cert a PEM certificate file
 * @param key the PEM private key file of {@code cert}
 * @throws IllegalArgumentException when only one of the two is given
 */
public record ServerSettings(Optional<Path> cert, Optional<Path> key) {

  public ServerSettings {
    Check.present("cert", cert);
    Check.present("key", key);
    if (cert.isPresent() != key.isPresent()) {
      throw InvalidValue.conflict(cert.isPresent() ? "cert" : "key",
          "needs " + (cert.isPresent() ? "server.key" : "server.cert") + ": the two are given together");
    }
  }
}
