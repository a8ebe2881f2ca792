package io.twinguard.audit.anchor;

/**
 * Proof that a checkpoint was anchored: the committed transaction, the block that holds it, and the
 * anchor as stored. The anchoring service stores transaction id and block number beside the
 * checkpoint.
 *
 * @param txId the Fabric transaction id
 * @param blockNumber the number of the block that committed it
 * @param anchor the stored anchor
 */
public record AnchorReceipt(String txId, long blockNumber, Anchor anchor) {

  /** @throws IllegalArgumentException when a field is missing or the block number is negative */
  public AnchorReceipt {
    if (txId == null || anchor == null || blockNumber < 0) {
      throw new IllegalArgumentException("a receipt needs a transaction id, a block number and the anchor");
    }
  }
}
