package io.twinguard.broker.cluster;

import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.replay.Nonces;
import io.twinguard.broker.replay.ReplayGuard;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Nonces shared by every broker of a cluster: this broker's {@link ReplayGuard} checks the window,
 * refuses what it saw itself and bounds how many nonces this broker adds (when it is full it
 * refuses, so no live nonce is forgotten); then the nonce is put, if absent, into a cluster map
 * (a Hazelcast IMap) with the time it stays live, so that the same nonce at another broker is
 * refused there. The put is atomic per key on the key's partition owner. When the map does not
 * answer within the timeout the request is refused ({@link Refusal.ClusterUnavailable}).
 */
final class ClusterNonces implements Nonces {

  /** The cluster map of live nonces. */
  static final String MAP = "twinguard.nonces";

  private final ReplayGuard local;
  private final Future<AsyncMap<String, String>> map;
  private final Clock clock;
  private final Duration timeout;
  private final String member;

  /**
   * @param map the cluster map of nonces
   * @param member this broker's cluster node id, stored with each nonce it accepted
   */
  ClusterNonces(ReplayGuard local, Future<AsyncMap<String, String>> map, Clock clock, Duration timeout,
      String member) {
    this.local = local;
    this.map = map;
    this.clock = clock;
    this.timeout = timeout;
    this.member = member;
  }

  @Override
  public Duration window() {
    return local.window();
  }

  @Override
  public Future<ReplayGuard.Verdict> check(String keyId, String nonce, Instant created) {
    ReplayGuard.Verdict verdict = local.check(keyId, nonce, created);
    if (verdict != ReplayGuard.Verdict.ACCEPTED) {
      return Future.succeededFuture(verdict);
    }
    // live as long as the guard keeps it: until created + window
    long ttl = Math.max(1, Duration.between(clock.instant(), created.plus(local.window())).toMillis());
    String key = keyId.length() + ":" + keyId + nonce;
    return map.compose(nonces -> nonces.putIfAbsent(key, member, ttl))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .transform(put -> put.succeeded()
            ? Future.succeededFuture(put.result() == null ? ReplayGuard.Verdict.ACCEPTED : ReplayGuard.Verdict.REPLAYED)
            : new Refusal.ClusterUnavailable(
                "the brokers' shared nonces could not be checked; sign the request anew and try again").fail());
  }
}
