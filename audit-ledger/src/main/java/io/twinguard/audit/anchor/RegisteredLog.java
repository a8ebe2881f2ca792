package io.twinguard.audit.anchor;

import io.twinguard.signing.note.NoteVerifierKey;

/**
 * A log registered with the anchoring chaincode.
 *
 * @param logId the log id, which every anchored checkpoint must carry as its origin
 * @param verifierKey the key every anchored checkpoint must be signed with
 * @param lastTreeSize the tree size of the latest anchor, or {@code -1} before the first
 */
public record RegisteredLog(String logId, NoteVerifierKey verifierKey, long lastTreeSize) {

  /** @throws IllegalArgumentException when a field is missing or the size is below -1 */
  public RegisteredLog {
    if (logId == null || verifierKey == null || lastTreeSize < -1) {
      throw new IllegalArgumentException("a registered log needs an id, a key and a size >= -1");
    }
  }
}
