package io.twinguard.broker.lifecycle;

import io.twinguard.policies.InProcessPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detached in-process engines ({@link InProcessPolicyEngine#startDetached}) for the revisions that
 * decided recorded calls, started on first use and kept for the next (at most {@link #KEPT}; the
 * least recently used is closed). They decide on their own worker, never on the caller's loop.
 */
public final class RevisionEngines implements AutoCloseable {

  /** How many engines are kept at once. */
  public static final int KEPT = 4;

  private final Vertx vertx;
  private final Revisions revisions;
  private final Duration timeout;
  private final Map<String, Future<InProcessPolicyEngine>> engines = new LinkedHashMap<>(8, 0.75f, true);

  public RevisionEngines(Vertx vertx, Revisions revisions, Duration timeout) {
    this.vertx = vertx;
    this.revisions = revisions;
    this.timeout = timeout;
  }

  /** The engine of {@code revision}; fails when the revision cannot be loaded (see {@link Revisions#bundle}). */
  public synchronized Future<InProcessPolicyEngine> of(String revision) {
    Future<InProcessPolicyEngine> engine = engines.get(revision);
    if (engine == null || engine.failed()) {
      engine = revisions.bundle(revision).compose(bundle -> InProcessPolicyEngine.startDetached(vertx, bundle, timeout));
      engines.put(revision, engine);
      if (engines.size() > KEPT) {
        String eldest = engines.keySet().iterator().next();
        engines.remove(eldest).onSuccess(InProcessPolicyEngine::close);
      }
    }
    return engine;
  }

  @Override
  public synchronized void close() {
    engines.values().forEach(engine -> engine.onSuccess(InProcessPolicyEngine::close));
    engines.clear();
  }
}
