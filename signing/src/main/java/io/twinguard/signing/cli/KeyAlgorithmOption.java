package io.twinguard.signing.cli;

import io.twinguard.signing.keys.KeyAlgorithm;
import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code ed25519} or {@code ecdsa-p256} from the command line. */
final class KeyAlgorithmOption implements CommandLine.ITypeConverter<KeyAlgorithm> {

  @Override
  public KeyAlgorithm convert(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "ed25519" -> KeyAlgorithm.ED25519;
      case "ecdsa-p256", "p-256", "p256" -> KeyAlgorithm.ECDSA_P256;
      default -> throw new CommandLine.TypeConversionException(
          "unknown key algorithm '" + value + "' (ed25519 or ecdsa-p256)");
    };
  }
}
