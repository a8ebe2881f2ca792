package io.twinguard.audit.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnchorConfigTest {

  @Test
  void from_defaults_anchoringIsOffAndAnchorsByTime() {
    AnchorConfig config = AnchorConfig.from(TwinguardSettings.defaults());

    assertFalse(config.enabled());
    assertEquals(100_000, config.options().everyRecords());
    assertEquals(Duration.ofSeconds(1), config.options().every());
    assertEquals(AnchoringOptions.DEFAULTS.minBackoff(), config.options().minBackoff());
    assertEquals(AnchoringOptions.DEFAULTS.maxBackoff(), config.options().maxBackoff());
    assertEquals(Duration.ofSeconds(30), config.deadline());
  }

  @Test
  void from_fabricDirAndTriggers_isOnWithThem() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of(
            "TWINGUARD_FABRIC_DIR", "/srv/fabric",
            "TWINGUARD_ANCHOR_EVERY_RECORDS", "9",
            "TWINGUARD_ANCHOR_EVERY_MS", "250",
            "TWINGUARD_FABRIC_DEADLINE_MS", "900"))
        .load().settings();

    AnchorConfig config = AnchorConfig.from(settings);

    assertTrue(config.enabled());
    assertEquals(Optional.of(Path.of("/srv/fabric")), config.fabricDir());
    assertEquals(9, config.options().everyRecords());
    assertEquals(Duration.ofMillis(250), config.options().every());
    assertEquals(Duration.ofMillis(900), config.deadline());
  }

  @Test
  void constructor_zeroDeadline_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new AnchorConfig(Optional.empty(), AnchoringOptions.DEFAULTS, Duration.ZERO));
  }
}
