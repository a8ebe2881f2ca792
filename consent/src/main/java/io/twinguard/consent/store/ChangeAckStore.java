package io.twinguard.consent.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The tables {@code consent.change_listener} and {@code consent.change_ack} (one migration): which
 * broker processes cache consents, and which changes each has dropped from its cache.
 */
public final class ChangeAckStore {

  static final String NEXT_CHANGE = "SELECT nextval('consent.change_seq') AS id";

  static final String NOTIFY = "SELECT pg_notify($1, $2)";

  static final String BEAT = """
      INSERT INTO consent.change_listener (instance, beat_at) VALUES ($1, now())
      ON CONFLICT (instance) DO UPDATE SET beat_at = now()""";

  static final String ACK = "INSERT INTO consent.change_ack (change_id, instance) VALUES ($1, $2) ON CONFLICT DO NOTHING";

  /** Live listeners (beat within the ttl) that have not acked the change. */
  static final String UNACKED = """
      SELECT count(*) AS n FROM consent.change_listener l
      WHERE l.beat_at > now() - make_interval(secs => $2 / 1000.0)
        AND NOT EXISTS (SELECT 1 FROM consent.change_ack a WHERE a.change_id = $1 AND a.instance = l.instance)""";

  static final String PRUNE = """
      WITH gone AS (DELETE FROM consent.change_listener WHERE beat_at < now() - make_interval(secs => $1 / 100.0))
      DELETE FROM consent.change_ack WHERE acked_at < now() - make_interval(secs => $1 / 100.0)""";

  static final String LEAVE = "DELETE FROM consent.change_listener WHERE instance = $1";

  /** A new change number, from the sequence. */
  public Future<Long> nextChange(SqlClient client) {
    return client.query(NEXT_CHANGE).execute().map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Announces on {@code channel}, delivered when the transaction of {@code client} commits. */
  public Future<Void> notify(SqlClient client, String channel, String payload) {
    return client.preparedQuery(NOTIFY).execute(Tuple.of(channel, payload)).mapEmpty();
  }

  /** This instance is alive and listening. */
  public Future<Void> beat(SqlClient client, String instance) {
    return client.preparedQuery(BEAT).execute(Tuple.of(instance)).mapEmpty();
  }

  /** This instance dropped the change from its cache. */
  public Future<Void> ack(SqlClient client, long change, String instance) {
    return client.preparedQuery(ACK).execute(Tuple.of(change, instance)).mapEmpty();
  }

  /** How many live listeners (a beat within {@code ttlMs}) have not acked the change. */
  public Future<Long> unacked(SqlClient client, long change, long ttlMs) {
    return client.preparedQuery(UNACKED).execute(Tuple.of(change, ttlMs))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Forgets listeners and acks ten ttls old. */
  public Future<Void> prune(SqlClient client, long ttlMs) {
    return client.preparedQuery(PRUNE).execute(Tuple.of(ttlMs)).mapEmpty();
  }

  /** This instance stops listening. */
  public Future<Void> leave(SqlClient client, String instance) {
    return client.preparedQuery(LEAVE).execute(Tuple.of(instance)).mapEmpty();
  }
}
