package io.twinguard.audit.anchor;

import java.util.Optional;

/**
 * A snapshot of the anchoring service.
 *
 * @param anchoredSize the largest tree size known to be anchored on Fabric, 0 before the first
 * @param failures how many attempts have failed since the service started
 * @param lastFailure why the latest attempt failed; empty once an attempt succeeds
 * @param anchoring whether this service holds the log's anchoring lock now; a standby does not
 */
public record AnchoringStatus(long anchoredSize, long failures, Optional<String> lastFailure, boolean anchoring) {

  /** @throws IllegalArgumentException when a count is negative or the failure missing */
  public AnchoringStatus {
    if (anchoredSize < 0 || failures < 0 || lastFailure == null) {
      throw new IllegalArgumentException("an anchoring status needs counts >= 0 and an optional failure");
    }
  }
}
