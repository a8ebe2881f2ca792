package io.twinguard.broker.consent;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The signing keys (JWK set) of the Keycloak realm, fetched from {@code <realm>/protocol/openid-
 * connect/certs} on first use and again when a token names a key the set does not hold, at most
 * once per refetch floor, so that a flood of unknown key ids cannot hammer Keycloak.
 *
 * <p>Guaranteed: keys fetched once keep working while Keycloak is down; only one fetch is in flight
 * at a time; the futures fail only when no set was ever fetched and Keycloak cannot give one.
 * Thread-safe.
 */
public final class RealmKeys {

  private static final long FETCH_TIMEOUT_MS = 10_000;

  private final WebClient client;
  private final URI jwks;
  private final Duration floor;
  private final Clock clock;
  private JWKSet keys;
  private Instant lastFetch = Instant.MIN;
  private Future<JWKSet> inFlight;
  private boolean lastFetchFailed;

  /**
   * @param realm the realm's URL (its tokens' issuer), such as {@code http://127.0.0.1:18080/realms/twinguard}
   * @param floor the shortest time between two fetches
   */
  public RealmKeys(WebClient client, URI realm, Duration floor, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.jwks = URI.create(realm + "/protocol/openid-connect/certs");
    this.floor = Objects.requireNonNull(floor, "floor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The keys fetched last, fetching them when there are none yet. */
  public synchronized Future<JWKSet> current() {
    return keys != null ? Future.succeededFuture(keys) : fetch();
  }

  /**
   * The keys after fetching them again, unless the last fetch was less than the floor ago: then
   * the keys fetched last (a token whose key is still unknown is refused).
   */
  public synchronized Future<JWKSet> refreshed() {
    if (keys != null && clock.instant().isBefore(lastFetch.plus(floor))) {
      return Future.succeededFuture(keys);
    }
    return fetch();
  }

  /** Whether the last fetch failed: a key missing from the set may be one Keycloak published since. */
  public synchronized boolean lastFetchFailed() {
    return lastFetchFailed;
  }

  private Future<JWKSet> fetch() {
    if (inFlight == null) {
      lastFetch = clock.instant();
      // the download completes on a later turn of the event loop, never inside this call
      inFlight = download().transform(this::settle);
    }
    return inFlight;
  }

  private Future<JWKSet> download() {
    return client.getAbs(jwks.toString()).timeout(FETCH_TIMEOUT_MS).send().compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture("the realm's keys answered " + response.statusCode());
      }
      try {
        return Future.succeededFuture(JWKSet.parse(response.bodyAsString()));
      } catch (ParseException e) {
        return Future.failedFuture("the realm's keys are not a JWK set");
      }
    });
  }

  private synchronized Future<JWKSet> settle(AsyncResult<JWKSet> fetched) {
    inFlight = null;
    lastFetchFailed = fetched.failed();
    if (fetched.succeeded()) {
      keys = fetched.result();
    }
    return keys != null ? Future.succeededFuture(keys) : Future.failedFuture(fetched.cause());
  }
}
