package io.twinguard.broker.lifecycle.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tables {@code policy.bundle_revision}, {@code policy.activation} and {@code
 * policy.broker_state}: stored revisions, the activation history and which revision each broker
 * runs. Every statement is a named constant; callers pass the client (a pool, or a transaction's
 * connection).
 */
public final class RevisionStore {

  /** The NOTIFY channel that tells every broker of an activation or rollback. */
  public static final String CHANNEL = "twinguard_policy";

  static final String INSERT_REVISION = """
      INSERT INTO policy.bundle_revision (revision, digest, bundle, rules, tests, uploaded_by, uploaded_at, audit_index)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";

  static final String SELECT_REVISION = """
      SELECT revision, digest, bundle, rules, tests, uploaded_by, uploaded_at, audit_index
      FROM policy.bundle_revision WHERE revision = $1""";

  static final String SELECT_REVISIONS = """
      SELECT revision, digest, tests, uploaded_by, uploaded_at FROM policy.bundle_revision ORDER BY uploaded_at, revision""";

  /** Serialises activations across brokers: held until the transaction ends. */
  static final String LOCK_ACTIVATIONS = "SELECT pg_advisory_xact_lock(hashtext('twinguard.policy.activation'))";

  static final String SELECT_ACTIVATIONS = """
      SELECT seq, revision, action, previous, actor, at FROM policy.activation ORDER BY seq""";

  static final String SELECT_ACTIVE = "SELECT revision FROM policy.activation ORDER BY seq DESC LIMIT 1";

  static final String INSERT_ACTIVATION = """
      INSERT INTO policy.activation (revision, action, previous, actor, at, audit_index)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq""";

  static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', $1)";

  static final String UPSERT_BROKER = """
      INSERT INTO policy.broker_state (instance, revision, seen_at) VALUES ($1, $2, $3)
      ON CONFLICT (instance) DO UPDATE SET revision = EXCLUDED.revision, seen_at = EXCLUDED.seen_at""";

  static final String SELECT_BROKERS = "SELECT instance, revision, seen_at FROM policy.broker_state ORDER BY instance";

  static final String DELETE_BROKER = "DELETE FROM policy.broker_state WHERE instance = $1";

  /** Stores a new revision; fails on a revision already stored. */
  public Future<Void> insert(SqlClient client, StoredRevision revision) {
    return client.preparedQuery(INSERT_REVISION)
        .execute(Tuple.of(revision.revision(), revision.digest(), Buffer.buffer(revision.bundle()), revision.rules(),
            revision.tests(), revision.uploadedBy(), utc(revision.uploadedAt())).addLong(revision.auditIndex()))
        .mapEmpty();
  }

  /** A stored revision with its bundle, or empty. */
  public Future<Optional<StoredRevision>> find(SqlClient client, String revision) {
    return client.preparedQuery(SELECT_REVISION).execute(Tuple.of(revision)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new StoredRevision(row.getString("revision"), row.getString("digest"),
          row.getBuffer("bundle").getBytes(), row.getString("rules"), row.getInteger("tests"),
          row.getString("uploaded_by"), row.getOffsetDateTime("uploaded_at").toInstant(), row.getLong("audit_index")));
    });
  }

  /** Every stored revision, without its bundle: {@code {revision, digest, tests, uploaded_by, uploaded_at}}. */
  public Future<List<JsonObject>> list(SqlClient client) {
    return client.preparedQuery(SELECT_REVISIONS).execute().map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      rows.forEach(row -> out.add(new JsonObject().put("revision", row.getString("revision"))
          .put("digest", row.getString("digest")).put("tests", row.getInteger("tests"))
          .put("uploaded_by", row.getString("uploaded_by"))
          .put("uploaded_at", row.getOffsetDateTime("uploaded_at").toInstant().toString())));
      return out;
    });
  }

  /** Takes the activation lock until the transaction of {@code client} ends. */
  public Future<Void> lockActivations(SqlClient client) {
    return client.query(LOCK_ACTIVATIONS).execute().mapEmpty();
  }

  /** The activation history, oldest first. */
  public Future<List<Activation>> activations(SqlClient client) {
    return client.preparedQuery(SELECT_ACTIVATIONS).execute().map(rows -> {
      List<Activation> out = new ArrayList<>();
      rows.forEach(row -> out.add(new Activation(row.getLong("seq"), row.getString("revision"),
          row.getString("action"), Optional.ofNullable(row.getString("previous")), row.getString("actor"),
          row.getOffsetDateTime("at").toInstant())));
      return out;
    });
  }

  /** The revision every broker must run, or empty when none was ever activated. */
  public Future<Optional<String>> active(SqlClient client) {
    return client.preparedQuery(SELECT_ACTIVE).execute()
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("revision")));
  }

  /**
   * Appends an activation or rollback and announces it (delivered when the transaction commits).
   * Completes with its place in the history.
   */
  public Future<Long> activate(SqlClient client, String revision, String action, Optional<String> previous,
      String actor, Instant at, long auditIndex) {
    return client.preparedQuery(INSERT_ACTIVATION)
        .execute(Tuple.of(revision, action, previous.orElse(null), actor, utc(at)).addLong(auditIndex))
        .compose(rows -> {
          long seq = rows.iterator().next().getLong("seq");
          return client.preparedQuery(NOTIFY).execute(Tuple.of(Long.toString(seq))).map(seq);
        });
  }

  /** Notes that broker {@code instance} runs {@code revision}. */
  public Future<Void> running(SqlClient client, String instance, String revision, Instant at) {
    return client.preparedQuery(UPSERT_BROKER).execute(Tuple.of(instance, revision, utc(at))).mapEmpty();
  }

  /** Every broker's last known revision: {@code {instance, revision, seen_at}}. */
  public Future<List<JsonObject>> brokers(SqlClient client) {
    return client.preparedQuery(SELECT_BROKERS).execute().map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      rows.forEach(row -> out.add(new JsonObject().put("instance", row.getString("instance"))
          .put("revision", row.getString("revision"))
          .put("seen_at", row.getOffsetDateTime("seen_at").toInstant().toString())));
      return out;
    });
  }

  /** Forgets broker {@code instance} (it stopped). */
  public Future<Void> leave(SqlClient client, String instance) {
    return client.preparedQuery(DELETE_BROKER).execute(Tuple.of(instance)).mapEmpty();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
