package io.twinguard.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.common.settings.internal.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --print-config}: every setting once, with its value, its source and its variable; secrets masked. */
class DescribeTest {

  @TempDir Path dir;

  @Test
  void describe_everySetting_oneLineWithValueAndSource() throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, "log:\n  max_batch: 64\nadmins: [spiffe://city.example/ops]\n");

    List<String> lines = SettingsLoader.defaults().home(dir)
        .file(Optional.of(file))
        .environment(Map.of("TWINGUARD_LISTEN_PORT", "9443"))
        .option("fabric.dir", "--fabric-dir", "/srv/fabric")
        .load().describe();

    assertEquals(SettingsLoader.paths().size(), lines.size());
    assertTrue(lines.contains("listen.host = 127.0.0.1  (default; variable TWINGUARD_LISTEN_HOST)"), lines.toString());
    assertTrue(lines.contains("listen.port = 9443  (from TWINGUARD_LISTEN_PORT)"), lines.toString());
    assertTrue(lines.contains("log.max_batch = 64  (from " + file + "; variable TWINGUARD_LOG_MAX_BATCH)"), lines.toString());
    assertTrue(lines.contains("fabric.dir = /srv/fabric  (from --fabric-dir; variable TWINGUARD_FABRIC_DIR)"), lines.toString());
    assertTrue(lines.contains("admins = [spiffe://city.example/ops]  (from " + file + "; variable TWINGUARD_ADMINS)"), lines.toString());
    assertTrue(lines.contains("db.url = \"\"  (default; variable TWINGUARD_DB_URL)"), lines.toString());
    assertTrue(lines.contains("ca_dir = " + dir.resolve(".twinguard/ca") + "  (default data_dir/ca; variable TWINGUARD_CA_DIR)"),
        lines.toString());
  }

  @Test
  void describe_databaseUrlWithPassword_showsItMasked() {
    LoadedSettings loaded = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_DB_URL", "postgresql://audit:s3cr%40t@db.example:5432/audit?sslmode=require"))
        .load();

    assertTrue(loaded.describe().contains(
        "db.url = postgresql://audit:***@db.example:5432/audit?sslmode=require  (from TWINGUARD_DB_URL)"),
        loaded.describe().toString());
    assertFalse(loaded.describe().toString().contains("s3cr"));
    assertEquals(Optional.of("postgresql://audit:s3cr%40t@db.example:5432/audit?sslmode=require"),
        loaded.settings().db().url());
  }

  @Test
  void mask_passwordInUserInfoOrQuery_isHidden() {
    assertEquals("postgresql://u:***@h/db", Secrets.mask("postgresql://u:pw@h/db"));
    assertEquals("postgresql://h/db?user=u&password=***&ssl=true", Secrets.mask("postgresql://h/db?user=u&password=pw&ssl=true"));
    assertEquals("postgresql://u@h/db", Secrets.mask("postgresql://u@h/db"));
    assertEquals("/srv/a:b@c/key.pem", Secrets.mask("/srv/a:b@c/key.pem"));
    assertEquals("http://127.0.0.1:8181", Secrets.mask("http://127.0.0.1:8181"));
  }

  @Test
  void mask_inlinePemKey_isHidden() {
    String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";

    assertEquals("*** (inline key material)", Secrets.mask(pem));
    List<String> lines = SettingsLoader.defaults().environment(Map.of("TWINGUARD_SERVER_KEY", pem,
        "TWINGUARD_SERVER_CERT", "/etc/cert.pem")).load().describe();
    assertTrue(lines.contains("server.key = *** (inline key material)  (from TWINGUARD_SERVER_KEY)"), lines.toString());
    assertFalse(lines.toString().contains("MC4CAQAw"));
  }
}
