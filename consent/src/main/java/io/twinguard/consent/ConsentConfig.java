package io.twinguard.consent;

import io.twinguard.consent.receipt.ReceiptKey;
import java.time.Clock;
import java.time.Duration;

/**
 * How the consent service runs.
 *
 * @param receiptKey the Ed25519 key that signs receipts
 * @param issuer the receipts' {@code iss}, such as the broker's SPIFFE ID
 * @param withdrawalMethod where a subject withdraws (the portal's address), written into records
 * @param cacheEntries the most (subject, organisation) entries the lookup caches, 1 or more
 * @param ackTtl how long a withdrawal waits for every broker process to drop it from its cache; a
 *     process that cannot renew its liveness within half of it stops using its cache
 * @param noticeAttempts how many times a withdrawal notice is sent before it counts as unconfirmed
 * @param noticeBackoff the wait before the second attempt, doubled before each further one
 * @param noticeTimeout the longest one attempt may take
 * @param clock the time of records and receipts
 * @throws IllegalArgumentException when a value is missing or out of range
 */
public record ConsentConfig(
    ReceiptKey receiptKey,
    String issuer,
    String withdrawalMethod,
    int cacheEntries,
    Duration ackTtl,
    int noticeAttempts,
    Duration noticeBackoff,
    Duration noticeTimeout,
    Clock clock) {

  public ConsentConfig {
    if (receiptKey == null || issuer == null || withdrawalMethod == null || ackTtl == null
        || noticeBackoff == null || noticeTimeout == null || clock == null) {
      throw new IllegalArgumentException("every consent setting needs a value");
    }
    if (cacheEntries < 1 || noticeAttempts < 1) {
      throw new IllegalArgumentException("cache entries and notice attempts must be 1 or more");
    }
    if (ackTtl.toMillis() < 4 || noticeBackoff.isNegative() || noticeTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("ack ttl at least 4 ms, backoff not negative, timeout at least 1 ms");
    }
  }

  /** The defaults the settings file gives, with this key, issuer and portal address. */
  public static ConsentConfig defaults(ReceiptKey key, String issuer, String withdrawalMethod) {
    return new ConsentConfig(key, issuer, withdrawalMethod, 100_000, Duration.ofSeconds(2), 5,
        Duration.ofSeconds(1), Duration.ofSeconds(5), Clock.systemUTC());
  }

  /** This configuration with another clock. */
  public ConsentConfig withClock(Clock other) {
    return new ConsentConfig(receiptKey, issuer, withdrawalMethod, cacheEntries, ackTtl, noticeAttempts,
        noticeBackoff, noticeTimeout, other);
  }

  /** This configuration with other notice retries. */
  public ConsentConfig withNotices(int attempts, Duration backoff, Duration timeout) {
    return new ConsentConfig(receiptKey, issuer, withdrawalMethod, cacheEntries, ackTtl, attempts, backoff,
        timeout, clock);
  }
}
