package io.twinguard.audit.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnchorConfigTest {

  @Test
  void resolve_nothingConfigured_anchoringIsOffWithDefaults(@TempDir Path dir) {
    AnchorConfig config = AnchorConfig.resolve(Map.of(), Map.of(), Optional.empty(), LogConfig.embeddedIn(dir));

    assertFalse(config.enabled());
    assertEquals(AnchoringOptions.DEFAULTS, config.options());
    assertEquals(Duration.ofSeconds(30), config.deadline());
  }

  @Test
  void resolve_optionOverEnvironmentOverFileInDataDir(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("twinguard.properties"),
        "fabric.dir=/from/file\nanchor.every.records=7\nanchor.every.ms=250\nfabric.deadline.ms=900\n");
    Map<String, String> explicit = new HashMap<>();
    explicit.put(AnchorConfig.FABRIC_DIR, "/from/option");

    AnchorConfig config = AnchorConfig.resolve(explicit,
        Map.of("TWINGUARD_FABRIC_DIR", "/from/env", "TWINGUARD_ANCHOR_EVERY_RECORDS", "9"),
        Optional.empty(), LogConfig.embeddedIn(dir));

    assertEquals(Optional.of(Path.of("/from/option")), config.fabricDir());
    assertEquals(9, config.options().everyRecords());
    assertEquals(Duration.ofMillis(250), config.options().every());
    assertEquals(Duration.ofMillis(900), config.deadline());
  }

  @Test
  void resolve_emptyFabricDir_anchoringIsOff(@TempDir Path dir) {
    AnchorConfig config = AnchorConfig.resolve(
        Map.of(), Map.of("TWINGUARD_FABRIC_DIR", " "), Optional.empty(), LogConfig.embeddedIn(dir));

    assertFalse(config.enabled());
  }

  @Test
  void resolve_badNumbers_areRefused(@TempDir Path dir) {
    LogConfig log = LogConfig.embeddedIn(dir);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnchorConfig.resolve(
        Map.of(), Map.of("TWINGUARD_ANCHOR_EVERY_MS", "soon"), Optional.empty(), log));
    assertTrue(e.getMessage().contains("anchor.every.ms"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AnchorConfig.resolve(
        Map.of(), Map.of("TWINGUARD_ANCHOR_EVERY_RECORDS", "0"), Optional.empty(), log));
  }
}
