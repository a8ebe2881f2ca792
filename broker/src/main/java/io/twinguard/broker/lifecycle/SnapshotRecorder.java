package io.twinguard.broker.lifecycle;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.lifecycle.store.SnapshotStore;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores, once each, the registry snapshots and consent record versions decision records refer
 * to: the first time this process sees one it writes it (a write already made by another broker is
 * a no-op), off the answer's path; a failed write is tried again the next time it is seen. Until a
 * snapshot is stored, the inputs of the records that refer to it cannot be rebuilt (replay and
 * explanations say so). Thread-safe; never blocks.
 */
public final class SnapshotRecorder {

  private static final Logger LOG = Logger.getLogger(SnapshotRecorder.class.getName());

  /** How many consent versions are remembered as stored before the memory starts over. */
  static final int REMEMBERED = 100_000;

  private final SqlClient client;
  private final SnapshotStore store = new SnapshotStore();
  private final Set<String> registries = ConcurrentHashMap.newKeySet();
  private final Set<DecisionRecord.ConsentVersion> consents = ConcurrentHashMap.newKeySet();

  public SnapshotRecorder(SqlClient client) {
    this.client = client;
  }

  /** Stores what an input built from {@code catalog} and {@code views} refers to, when not stored yet. */
  public void seen(Catalog catalog, List<JsonObject> views) {
    String digest = catalog.revision();
    if (registries.add(digest)) {
      store.putRegistry(client, digest, catalog.snapshot()).onFailure(failure -> forget(registries, digest, failure));
    }
    for (JsonObject view : views) {
      String id = view.getString("id");
      if (id == null) {
        continue;
      }
      DecisionRecord.ConsentVersion key = new DecisionRecord.ConsentVersion(id, PolicyInputs.consentVersion(view));
      if (consents.size() >= REMEMBERED) {
        consents.clear();
      }
      if (consents.add(key)) {
        store.putConsent(client, key.id(), key.version(), view).onFailure(failure -> forget(consents, key, failure));
      }
    }
  }

  private static <T> void forget(Set<T> seen, T key, Throwable failure) {
    seen.remove(key);
    LOG.log(Level.WARNING, "a snapshot for replay could not be stored (tried again when next seen): "
        + failure.getMessage());
  }
}
