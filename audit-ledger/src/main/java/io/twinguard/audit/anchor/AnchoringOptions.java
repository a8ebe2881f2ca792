package io.twinguard.audit.anchor;

import java.time.Duration;

/**
 * When the anchoring service anchors and how it retries.
 *
 * @param everyRecords anchor as soon as this many records are unanchored, 1 or more
 * @param every anchor unanchored records at least this often, positive
 * @param minBackoff the first wait after a failed attempt, positive; it doubles on each failure
 * @param maxBackoff the longest wait between attempts, at least {@code minBackoff}
 */
public record AnchoringOptions(long everyRecords, Duration every, Duration minBackoff, Duration maxBackoff) {

  /** Anchor every 1000 records or every second; back off from 250 ms to 30 s. */
  public static final AnchoringOptions DEFAULTS =
      new AnchoringOptions(1000, Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(30));

  /** @throws IllegalArgumentException when a value is out of range */
  public AnchoringOptions {
    if (everyRecords < 1) {
      throw new IllegalArgumentException("anchor every 1 or more records, not " + everyRecords);
    }
    if (every == null || minBackoff == null || maxBackoff == null) {
      throw new IllegalArgumentException("every anchoring interval needs a value");
    }
    if (every.isNegative() || every.isZero() || minBackoff.isNegative() || minBackoff.isZero()) {
      throw new IllegalArgumentException("anchoring intervals must be positive");
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("the longest backoff must be at least the first");
    }
  }

  /** These options with another trigger. */
  public AnchoringOptions withTrigger(long everyRecords, Duration every) {
    return new AnchoringOptions(everyRecords, every, minBackoff, maxBackoff);
  }

  /** These options with another backoff. */
  public AnchoringOptions withBackoff(Duration minBackoff, Duration maxBackoff) {
    return new AnchoringOptions(everyRecords, every, minBackoff, maxBackoff);
  }
}
