package io.twinguard.policies.bundle;

import io.twinguard.policies.InProcessPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps an in-process engine on the newest bundle of a source: each poll fetches the bundle if it
 * changed, verifies its signature (when a verifier is given), and loads it. A bundle that fails
 * to read, verify or load is refused and the engine keeps deciding with the previous one.
 */
public final class BundleReloader implements AutoCloseable {

  private final Vertx vertx;
  private final BundleSource source;
  private final Optional<BundleVerifier> verifier;
  private final InProcessPolicyEngine engine;
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile long timer = -1;
  private volatile Throwable lastFailure;

  /** A reloader; nothing happens until {@link #poll} or {@link #start}. */
  public BundleReloader(Vertx vertx, BundleSource source, Optional<BundleVerifier> verifier,
      InProcessPolicyEngine engine) {
    this.vertx = vertx;
    this.source = source;
    this.verifier = verifier;
    this.engine = engine;
  }

  /**
   * Fetches, verifies and loads a changed bundle. Succeeds with the active revision (the new one,
   * or the previous one when nothing changed); fails when a changed bundle was refused, leaving
   * the previous one active.
   */
  public Future<String> poll() {
    return source.fetchIfChanged()
        .compose(files -> files.isEmpty()
            ? Future.succeededFuture(engine.revision())
            : vertx.executeBlocking(() -> accept(files.get()), false).compose(engine::load))
        .onSuccess(revision -> lastFailure = null)
        .onFailure(failure -> lastFailure = failure);
  }

  private Bundle accept(Map<String, byte[]> files) throws BundleVerificationException {
    if (verifier.isPresent()) {
      verifier.get().verify(files);
    }
    return Bundle.fromFiles(files);
  }

  /** Polls every {@code interval} until closed; a refused bundle shows in {@link #lastFailure}. */
  public void start(Duration interval) {
    timer = vertx.setPeriodic(interval.toMillis(), id -> {
      // a slow load (instances are compiled) must not be overtaken by the next tick
      if (polling.compareAndSet(false, true)) {
        poll().onComplete(done -> polling.set(false));
      }
    });
  }

  /** Why the last poll refused a bundle, or empty when it succeeded. */
  public Optional<Throwable> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    source.close();
  }
}
