package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker's own certificates and keys ({@code server.*}). Each pair is given whole or not at
 * all: the TLS pair ({@code cert}, {@code key}) serves and forwards; the signing pair ({@code
 * signing_cert}, {@code signing_key}) signs forwarded requests and released answers (RFC 9421).
 * When the TLS pair is absent the broker issues itself one from the CA at start (ECDSA P-256, which
 * every browser accepts), and an Ed25519 signing pair with it unless one is given. When the TLS
 * pair is given and the signing pair is not, the TLS key signs.
 *
 * @param cert a PEM certificate file
 * @param key the PEM private key file of {@code cert}
 * @param signingCert a PEM certificate file of the signing key, of the broker's SPIFFE ID
 * @param signingKey the PEM private key file of {@code signingCert} (Ed25519 or ECDSA P-256)
 * @throws IllegalArgumentException when only one of a pair is given
 */
public record ServerSettings(Optional<Path> cert, Optional<Path> key, Optional<Path> signingCert,
    Optional<Path> signingKey) {

  public ServerSettings {
    Check.present("cert", cert);
    Check.present("key", key);
    Check.present("signing_cert", signingCert);
    Check.present("signing_key", signingKey);
    requirePair("cert", cert, "key", key);
    requirePair("signing_cert", signingCert, "signing_key", signingKey);
  }

  private static void requirePair(String first, Optional<Path> a, String second, Optional<Path> b) {
    if (a.isPresent() != b.isPresent()) {
      String given = a.isPresent() ? first : second;
      String missing = a.isPresent() ? second : first;
      throw InvalidValue.conflict(given, "needs server." + missing + ": the two are given together");
    }
  }
}
