package io.twinguard.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void load_noFileNoEnv_givesDefaults() {
    Settings settings = Settings.load(null, Map.of());

    assertEquals("127.0.0.1", settings.string("listen.host"));
    assertEquals(8443, settings.integer("listen.port"));
    assertEquals("wasm", settings.string("policy.engine"));
  }

  @Test
  void load_fileOverridesDefaults_envOverridesFile() throws IOException {
    Path file = write("listen:\n  port: 9443\npolicy:\n  engine: opa\n");

    Settings settings = Settings.load(file, Map.of("TWINGUARD_LISTEN_PORT", "10443", "TWINGUARD_DB_URL", "postgresql://db/x"));

    assertEquals(10443, settings.integer("listen.port"));
    assertEquals("opa", settings.string("policy.engine"));
    assertEquals("postgresql://db/x", settings.string("db.url"));
    assertEquals("127.0.0.1", settings.string("listen.host"));
  }

  @Test
  void load_unknownKeyInFile_isRefusedByPath() throws IOException {
    Path file = write("listen:\n  prot: 9443\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.load(file, Map.of()));

    assertEquals("unknown setting 'listen.prot'", e.getMessage());
  }

  @Test
  void load_nonNumericEnvForNumber_namesTheVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(null, Map.of("TWINGUARD_LISTEN_PORT", "eighty")));

    assertEquals("TWINGUARD_LISTEN_PORT must be a whole number, not 'eighty'", e.getMessage());
  }

  @Test
  void load_scalarWhereMappingExpected_isRefused() throws IOException {
    Path file = write("listen: 8443\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.load(file, Map.of()));

    assertEquals("setting 'listen' must be a mapping", e.getMessage());
  }

  @Test
  void describe_namesEverySettingWithItsVariable() {
    assertTrue(Settings.load(null, Map.of()).describe().contains("listen.port=8443  (TWINGUARD_LISTEN_PORT)"));
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("twinguard.yaml");
    Files.writeString(file, text);
    return file;
  }
}
