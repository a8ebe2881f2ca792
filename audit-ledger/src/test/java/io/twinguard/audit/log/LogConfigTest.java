package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void embeddedIn_dir_isTheDefaultsWithTheDataThere() {
    LogConfig config = LogConfig.embeddedIn(dir);

    assertEquals(Optional.empty(), config.dbUrl());
    assertEquals(dir, config.dataDir());
    assertEquals("twinguard.local/audit", config.origin());
    assertEquals(dir.resolve("audit-log-key.pem"), config.keyFile());
    assertEquals(512, config.maxBatch());
    assertEquals(Duration.ofMillis(1), config.maxAge());
  }

  @Test
  void withBatching_otherSizeAndAge_keepsTheRest() {
    LogConfig config = LogConfig.embeddedIn(dir).withBatching(16, Duration.ofMillis(2));

    assertEquals(16, config.maxBatch());
    assertEquals(Duration.ofMillis(2), config.maxAge());
    assertEquals(dir.resolve("audit-log-key.pem"), config.keyFile());
  }
}
