package io.twinguard.audit.log;

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
import org.junit.jupiter.api.io.TempDir;

class LogConfigTest {

  @TempDir Path dir;

  @Test
  void from_settings_takesTheDatabaseTheDataDirAndTheLogSection() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of(
            "TWINGUARD_DB_URL", "postgresql://audit@db.example/audit",
            "TWINGUARD_LOG_ORIGIN", "city.example/audit",
            "TWINGUARD_LOG_MAX_BATCH", "64",
            "TWINGUARD_LOG_MAX_AGE_MS", "7"))
        .option("data_dir", "--data-dir", dir.toString())
        .load().settings();

    LogConfig config = LogConfig.from(settings);

    assertEquals(Optional.of("postgresql://audit@db.example/audit"), config.dbUrl());
    assertEquals(dir, config.dataDir());
    assertEquals("city.example/audit", config.origin());
    assertEquals(dir.resolve("audit-log-key.pem"), config.keyFile());
    assertEquals(64, config.maxBatch());
    assertEquals(Duration.ofMillis(7), config.maxAge());
  }

  @Test
  void from_settingsWithSharedWriters_takesTheWritersAndTheirIntervals() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of(
            "TWINGUARD_LOG_WRITERS", "shared",
            "TWINGUARD_LOG_TAKEOVER_MS", "250",
            "TWINGUARD_LOG_INTEGRATION_TIMEOUT_MS", "3000"))
        .option("data_dir", "--data-dir", dir.toString())
        .load().settings();

    LogConfig config = LogConfig.from(settings);

    assertTrue(config.sharedWriters());
    assertEquals(Duration.ofMillis(250), config.takeover());
    assertEquals(Duration.ofSeconds(3), config.integrationTimeout());
  }

  @Test
  void embeddedIn_dir_isTheDefaultsWithTheDataThere() {
    LogConfig config = LogConfig.embeddedIn(dir);

    assertEquals(Optional.empty(), config.dbUrl());
    assertEquals(dir, config.dataDir());
    assertEquals("twinguard.local/audit", config.origin());
    assertEquals(dir.resolve("audit-log-key.pem"), config.keyFile());
    assertEquals(512, config.maxBatch());
    assertEquals(Duration.ofMillis(1), config.maxAge());
    assertFalse(config.sharedWriters(), "a single writer by default");
  }

  @Test
  void withBatching_otherSizeAndAge_keepsTheRest() {
    LogConfig config = LogConfig.embeddedIn(dir).shared(Duration.ofMillis(5), Duration.ofMillis(6))
        .withBatching(16, Duration.ofMillis(2));

    assertEquals(16, config.maxBatch());
    assertEquals(Duration.ofMillis(2), config.maxAge());
    assertEquals(dir.resolve("audit-log-key.pem"), config.keyFile());
    assertTrue(config.sharedWriters());
    assertEquals(Duration.ofMillis(5), config.takeover());
  }

  @Test
  void constructor_zeroTakeover_isRefused() {
    LogConfig config = LogConfig.embeddedIn(dir);

    assertThrows(IllegalArgumentException.class, () -> config.shared(Duration.ZERO, Duration.ofSeconds(1)));
  }
}
