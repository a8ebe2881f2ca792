package io.twinguard.audit;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded PostgreSQL and one Vert.x for a test class; each test opens what it needs in a
 * database of its own ({@link TestDatabase#newDatabase()}), so the tests run in any order.
 */
public abstract class PostgresPerClass {

  @TempDir static Path serverDir;
  protected static TestDatabase database;
  protected static Vertx vertx;

  @BeforeAll
  static void startServer() {
    database = TestDatabase.start(serverDir.resolve("pg"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopServer() {
    vertx.close().await();
    database.close();
  }
}
