package io.twinguard.adapters;

import io.vertx.core.Future;

/**
 * Serves one registered twin that does not speak the broker's own HTTP shape: a legacy API, a
 * black-box model, a device protocol. The broker calls it at the forward step, for allowed,
 * arbitrated and recorded calls only, instead of forwarding to an endpoint.
 *
 * <p>Guarantees every implementation gives (checked by {@code AdapterContractTestBase}):
 *
 * <ul>
 *   <li>No method blocks the calling thread; each may be called from an event loop. Blocking work
 *       (processes, files) runs on worker threads.
 *   <li>Futures fail only with {@link AdapterException}, whose {@link AdapterFailure} says why.
 *   <li>Every answer names the exact artefact that produced it ({@link AdapterResponse#artefact()}).
 *   <li>After {@link #close()}, calls fail with {@link AdapterFailure.Closed}.
 * </ul>
 */
public interface Adapter {

  /** Runs one block operation call and answers in the broker's shape. */
  Future<AdapterResponse> call(BlockCall call);

  /**
   * Subscribes to a gateway block's events ({@code call.payload()} is empty or the subscription's
   * filter). Adapters without events fail with {@link AdapterFailure.Unsupported}.
   */
  default Future<EventStream> subscribe(BlockCall call) {
    return Future.failedFuture(new AdapterException(new AdapterFailure.Unsupported("events of " + call.block())));
  }

  /** Whether the adapter can serve calls now; never fails (a check that fails is {@code down}). */
  Future<Health> health();

  /** Releases what the adapter holds (clients, files, processes); idempotent. */
  Future<Void> close();
}
