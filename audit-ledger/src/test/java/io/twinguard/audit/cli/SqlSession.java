package io.twinguard.audit.cli;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/** Direct SQL on the test database, as an insider would type it. */
final class SqlSession implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Pool pool;

  SqlSession(String uri) {
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
  }

  void execute(String sql) {
    pool.query(sql).execute().await();
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
  }
}
