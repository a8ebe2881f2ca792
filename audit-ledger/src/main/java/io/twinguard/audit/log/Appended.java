package io.twinguard.audit.log;

/**
 * A durable append: the record's leaf index and the signed checkpoint of the batch it was committed
 * in, which covers it.
 */
public record Appended(long index, SignedCheckpoint checkpoint) {

  /**
   * @throws IllegalArgumentException when the checkpoint does not cover the index
   */
  public Appended {
    if (index < 0 || index >= checkpoint.size()) {
      throw new IllegalArgumentException("checkpoint " + checkpoint.size() + " does not cover " + index);
    }
  }
}
