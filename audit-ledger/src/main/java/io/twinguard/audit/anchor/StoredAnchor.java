package io.twinguard.audit.anchor;

import java.util.OptionalLong;

/**
 * What the audit log's database records about an anchored checkpoint: its tree size, the Fabric
 * transaction that anchored it and the block that holds it.
 *
 * @param treeSize the anchored checkpoint's tree size
 * @param txId the Fabric transaction id
 * @param blockNumber the block number, absent when the anchor was found on the ledger after a lost
 *     answer rather than committed with a receipt
 */
public record StoredAnchor(long treeSize, String txId, OptionalLong blockNumber) {

  /** @throws IllegalArgumentException when the size is not positive or a field is missing */
  public StoredAnchor {
    if (treeSize <= 0 || txId == null || txId.isBlank() || blockNumber == null) {
      throw new IllegalArgumentException("a stored anchor needs a positive size, a transaction id and a block");
    }
  }
}
