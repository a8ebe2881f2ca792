package io.twinguard.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;

  @Test
  void start_schemaNewerThanTheCode_isRefusedWithBothVersions() throws Exception {
    LogConfig config = LogConfig.embeddedIn(dir);
    try (Database database = Database.start(config);
        Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success)"
              + " VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0, true)");
    }

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.start(config));

    assertTrue(e.getMessage().contains("99") && e.getMessage().contains(Database.SCHEMA_VERSION), e.getMessage());
    assertTrue(!Files.exists(dir.resolve("pgdata").resolve("postmaster.pid")), "stopped after the refusal");
  }

  @Test
  void loadOrCreate_createsAnOwnerOnlyKeyAndReadsTheSameKeyAgain() throws Exception {
    Path file = dir.resolve("keys").resolve("log.pem");

    PrivateKey first = LogKeyFile.loadOrCreate(file);
    PrivateKey second = LogKeyFile.loadOrCreate(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(
        java.util.HexFormat.of().formatHex(first.getEncoded()),
        java.util.HexFormat.of().formatHex(second.getEncoded()));
  }
}
