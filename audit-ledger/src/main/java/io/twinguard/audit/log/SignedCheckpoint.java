package io.twinguard.audit.log;

import io.twinguard.signing.note.Checkpoint;

/**
 * A checkpoint with its signed note, as stored.
 *
 * @param checkpoint the parsed checkpoint body
 * @param note the whole signed note text
 */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {

  /**
   * @throws IllegalArgumentException when either is missing
   */
  public SignedCheckpoint {
    if (checkpoint == null || note == null) {
      throw new IllegalArgumentException("a signed checkpoint needs its checkpoint and note");
    }
  }

  public long size() {
    return checkpoint.size();
  }
}
