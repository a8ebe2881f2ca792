package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.AnchorConfig;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.FabricNetwork;
import io.twinguard.common.settings.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the Fabric network is, for the audit subcommands that read anchors: the option sets
 * {@code fabric.dir} on top of {@code TWINGUARD_FABRIC_DIR} and the settings file.
 */
final class FabricOptions {

  @Option(names = "--fabric-dir", description = "the Fabric network directory with network.properties (default: fabric.dir, TWINGUARD_FABRIC_DIR)")
  Path fabricDir;

  /** {@code loader} with this option on top. */
  SettingsLoader applyTo(SettingsLoader loader) {
    return loader.option("fabric.dir", "--fabric-dir", fabricDir == null ? null : fabricDir.toString());
  }

  /**
   * Connects to the configured network.
   *
   * @throws IllegalArgumentException when no network is configured
   * @throws UncheckedIOException when its settings or credentials cannot be read
   */
  static FabricAnchorClient connect(AnchorConfig config) {
    Path dir = config.fabricDir().orElseThrow(() -> new IllegalArgumentException(
        "no Fabric network: give --fabric-dir, or set fabric.dir or TWINGUARD_FABRIC_DIR"));
    try {
      return FabricAnchorClient.connect(FabricNetwork.read(dir), config.deadline());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Fabric network in " + dir + ": " + e.getMessage(), e);
    }
  }
}
