package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogConfigTest {

  @TempDir Path dir;

  @Test
  void resolve_optionBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path file = dir.resolve("twinguard.properties");
    Files.writeString(
        file, "db.url=postgresql://file@h/db\nlog.origin=file.example/log\nlog.max.batch=8\n");
    Map<String, String> env = Map.of(
        "TWINGUARD_DATA_DIR", dir.toString(),
        "TWINGUARD_LOG_ORIGIN", "env.example/log");
    Map<String, String> options = new HashMap<>();
    options.put(LogConfig.DB_URL, "postgresql://option@h/db");

    LogConfig config = LogConfig.resolve(options, env, Optional.empty());

    assertEquals(Optional.of("postgresql://option@h/db"), config.dbUrl());
    assertEquals("env.example/log", config.origin());
    assertEquals(8, config.maxBatch());
    assertEquals(dir, config.dataDir());
    assertEquals(dir.resolve("audit-log-key.pem"), config.keyFile());
    assertEquals(Duration.ofMillis(5), config.maxAge());
  }

  @Test
  void resolve_nothingGiven_usesEmbeddedDatabaseInHome() {
    LogConfig config = LogConfig.resolve(Map.of(), Map.of("TWINGUARD_DATA_DIR", dir.toString()), Optional.empty());

    assertEquals(Optional.empty(), config.dbUrl());
    assertEquals("twinguard.local/audit", config.origin());
    assertEquals(512, config.maxBatch());
  }

  @Test
  void resolve_missingNamedFileOrBadNumber_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LogConfig.resolve(Map.of(), Map.of("TWINGUARD_CONFIG", dir.resolve("nope").toString()), Optional.empty()));
    assertThrows(
        IllegalArgumentException.class,
        () -> LogConfig.resolve(Map.of(), Map.of("TWINGUARD_LOG_MAX_BATCH", "many"), Optional.empty()));
  }

  @Test
  void envName_isTwinguardPrefixedUpperSnakeCase() {
    assertEquals("TWINGUARD_DB_URL", LogConfig.envName(LogConfig.DB_URL));
    assertEquals("TWINGUARD_LOG_KEY_FILE", LogConfig.envName(LogConfig.KEY_FILE));
  }
}
