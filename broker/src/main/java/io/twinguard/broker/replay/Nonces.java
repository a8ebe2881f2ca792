package io.twinguard.broker.replay;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * Where signature nonces are remembered: in this broker alone ({@link #local}) or shared by every
 * broker of a cluster, so that a nonce used at one broker is refused at every other. The future
 * fails with a refusal when the shared store cannot be reached: the request is refused, never
 * let through unchecked.
 */
public interface Nonces {

  /** How far {@code created} may lie from now, either way. */
  Duration window();

  /**
   * Checks and records one request.
   *
   * @param keyId the signing key's id
   * @param nonce the signature's nonce
   * @param created the signature's {@code created} time
   */
  Future<ReplayGuard.Verdict> check(String keyId, String nonce, Instant created);

  /** The nonces of one broker, in {@code guard}. */
  static Nonces local(ReplayGuard guard) {
    return new Nonces() {
      @Override
      public Duration window() {
        return guard.window();
      }

      @Override
      public Future<ReplayGuard.Verdict> check(String keyId, String nonce, Instant created) {
        return Future.succeededFuture(guard.check(keyId, nonce, created));
      }
    };
  }
}
