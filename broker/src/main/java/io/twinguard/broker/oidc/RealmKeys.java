package io.twinguard.broker.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing keys of the identity provider's realm as last fetched, and when to fetch them again.
 * A token naming a key the set lacks may mean that the realm rotated its keys: {@link #refetch}
 * fetches again, but at most once per floor (since the last fetch of any kind), so that a flood of
 * tokens with made-up key ids cannot hammer the provider; {@link #refresh} fetches regardless (at
 * start and periodically). One fetch runs at a time: whoever asks while one runs shares its result.
 * A failed fetch keeps the keys already held, so that tokens signed with them keep working while
 * the provider is down; a successful one replaces them, so that a key the realm no longer lists
 * stops working. Thread-safe.
 */
public final class RealmKeys {

  /** What a refetch for an unknown key came to. */
  public sealed interface Refetch {

    /** The provider answered; these are its keys now. */
    record Fetched(JWKSet keys) implements Refetch {
      public Fetched {
        Objects.requireNonNull(keys, "keys");
      }
    }

    /**
     * No fetch: the floor has not passed since the last one.
     *
     * @param providerDown whether that last fetch failed, so that the key may exist after all
     */
    record TooSoon(boolean providerDown) implements Refetch {}

    /** The provider did not answer with a JWK set; {@code reason} names no secret. */
    record Failed(String reason) implements Refetch {
      public Failed {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * The state of the keys, for readiness.
   *
   * @param keys how many keys are held
   * @param fetchedAt when a fetch last succeeded
   * @param failedAt when a fetch last failed
   * @param lastFailure why it failed
   * @param reachable whether the provider answered the latest fetch (true before any failed)
   * @param fetches how many fetches were started
   */
  public record Status(int keys, Optional<Instant> fetchedAt, Optional<Instant> failedAt,
      Optional<String> lastFailure, boolean reachable, long fetches) {}

  private final JwksSource source;
  private final Clock clock;
  private final Duration floor;

  // guarded by this
  private JWKSet keys = new JWKSet();
  private Instant lastAttempt;
  private Instant fetchedAt;
  private Instant failedAt;
  private String lastFailure;
  private boolean lastFetchFailed;
  private long fetches;
  private Future<JWKSet> inFlight;

  /**
   * @param floor the least time between two fetches that {@link #refetch} starts
   * @throws IllegalArgumentException when the floor is not positive
   */
  public RealmKeys(JwksSource source, Clock clock, Duration floor) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (floor.isNegative() || floor.isZero()) {
      throw new IllegalArgumentException("the refetch floor must be positive: " + floor);
    }
    this.floor = floor;
  }

  /** The keys held now; empty before the first successful fetch. */
  public synchronized JWKSet keys() {
    return keys;
  }

  /** Fetches now, or joins the fetch under way; fails as the fetch does (the keys held stay). */
  public synchronized Future<JWKSet> refresh() {
    return inFlight != null ? inFlight : start();
  }

  /**
   * Fetches again because a token names a key the set lacks: joins the fetch under way, or starts
   * one when the floor has passed since the last; the future always succeeds.
   */
  public Future<Refetch> refetch() {
    Future<JWKSet> fetch;
    synchronized (this) {
      if (inFlight != null) {
        fetch = inFlight;
      } else if (lastAttempt != null && clock.instant().isBefore(lastAttempt.plus(floor))) {
        return Future.succeededFuture(new Refetch.TooSoon(lastFetchFailed));
      } else {
        fetch = start();
      }
    }
    return fetch.<Refetch>map(Refetch.Fetched::new)
        .otherwise(failure -> new Refetch.Failed(String.valueOf(failure.getMessage())));
  }

  /** The state now. */
  public synchronized Status status() {
    return new Status(keys.size(), Optional.ofNullable(fetchedAt), Optional.ofNullable(failedAt),
        Optional.ofNullable(lastFailure), !lastFetchFailed, fetches);
  }

  // called holding the lock; the source may complete at once, so the promise is in place first
  private Future<JWKSet> start() {
    lastAttempt = clock.instant();
    fetches++;
    Promise<JWKSet> done = Promise.promise();
    inFlight = done.future();
    Future<JWKSet> fetch;
    try {
      fetch = source.fetch();
    } catch (RuntimeException e) {
      fetch = Future.failedFuture(e);
    }
    fetch.onComplete(result -> {
      settle(result);
      done.handle(result);
    });
    return done.future();
  }

  private synchronized void settle(AsyncResult<JWKSet> result) {
    inFlight = null;
    lastFetchFailed = result.failed();
    if (result.succeeded()) {
      keys = result.result();
      fetchedAt = clock.instant();
    } else {
      failedAt = clock.instant();
      lastFailure = String.valueOf(result.cause().getMessage());
    }
  }
}
