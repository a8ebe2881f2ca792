package io.twinguard.broker.lifecycle.store;

import io.twinguard.audit.record.DecisionRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables {@code policy.registry_snapshot} and {@code policy.consent_snapshot}: what decision
 * records refer to in {@code policy_input}, each stored once (a second write of the same key is a
 * no-op, so any number of brokers may write it).
 */
public final class SnapshotStore {

  static final String INSERT_REGISTRY = """
      INSERT INTO policy.registry_snapshot (digest, registry) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING""";

  static final String SELECT_REGISTRY = "SELECT registry FROM policy.registry_snapshot WHERE digest = $1";

  static final String INSERT_CONSENT = """
      INSERT INTO policy.consent_snapshot (id, version, view) VALUES ($1, $2, $3) ON CONFLICT (id, version) DO NOTHING""";

  static final String SELECT_CONSENTS = """
      SELECT s.id, s.version, s.view FROM policy.consent_snapshot s
      JOIN unnest($1::text[], $2::int[]) AS wanted(id, version) ON s.id = wanted.id AND s.version = wanted.version""";

  /** Stores a registry snapshot under its digest. */
  public Future<Void> putRegistry(SqlClient client, String digest, String canonicalJson) {
    return client.preparedQuery(INSERT_REGISTRY).execute(Tuple.of(digest, canonicalJson)).mapEmpty();
  }

  /** The registry snapshot with this digest, as its canonical JSON, or empty. */
  public Future<Optional<String>> registry(SqlClient client, String digest) {
    return client.preparedQuery(SELECT_REGISTRY).execute(Tuple.of(digest))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("registry")));
  }

  /** Stores a consent record's version as the policies saw it. */
  public Future<Void> putConsent(SqlClient client, String id, int version, JsonObject view) {
    return client.preparedQuery(INSERT_CONSENT).execute(Tuple.of(id, version, view.encode())).mapEmpty();
  }

  /** The stored versions among {@code wanted}, by id and version; missing ones are absent. */
  public Future<Map<DecisionRecord.ConsentVersion, JsonObject>> consents(SqlClient client,
      List<DecisionRecord.ConsentVersion> wanted) {
    String[] ids = wanted.stream().map(DecisionRecord.ConsentVersion::id).toArray(String[]::new);
    Integer[] versions = wanted.stream().map(DecisionRecord.ConsentVersion::version).toArray(Integer[]::new);
    return client.preparedQuery(SELECT_CONSENTS).execute(Tuple.tuple().addArrayOfString(ids).addArrayOfInteger(versions)).map(rows -> {
      Map<DecisionRecord.ConsentVersion, JsonObject> found = new HashMap<>();
      rows.forEach(row -> found.put(new DecisionRecord.ConsentVersion(row.getString("id"), row.getInteger("version")),
          new JsonObject(row.getString("view"))));
      return found;
    });
  }
}
