package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.AnchorConfig;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.FabricNetwork;
import io.twinguard.audit.log.LogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the Fabric network is, for the audit subcommands that read anchors. The option wins over
 * {@code TWINGUARD_FABRIC_DIR}, which wins over {@code fabric.dir} in the configuration file.
 */
final class FabricOptions {

  @Option(names = "--fabric-dir", description = "the Fabric network directory with network.properties (default: TWINGUARD_FABRIC_DIR or fabric.dir)")
  Path fabricDir;

  /** Resolves the anchoring settings next to the log's. */
  AnchorConfig resolve(LogConfig log, Optional<Path> configFile) {
    Map<String, String> explicit = new HashMap<>();
    explicit.put(AnchorConfig.FABRIC_DIR, fabricDir == null ? null : fabricDir.toString());
    return AnchorConfig.resolve(explicit, System.getenv(), configFile, log);
  }

  /**
   * Connects to the configured network.
   *
   * @throws IllegalArgumentException when no network is configured
   * @throws UncheckedIOException when its settings or credentials cannot be read
   */
  static FabricAnchorClient connect(AnchorConfig config) {
    Path dir = config.fabricDir().orElseThrow(() -> new IllegalArgumentException(
        "no Fabric network: give --fabric-dir or set TWINGUARD_FABRIC_DIR"));
    try {
      return FabricAnchorClient.connect(FabricNetwork.read(dir), config.deadline());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Fabric network in " + dir + ": " + e.getMessage(), e);
    }
  }
}
