package io.twinguard.signing.note;

import java.util.List;

/**
 * A note whose signatures were checked.
 *
 * @param text the note text, ending in a newline
 * @param verified signatures by known keys, each checked; never empty
 * @param unverified signatures by keys that were not given, not checked
 */
public record SignedNote(String text, List<NoteSignature> verified, List<NoteSignature> unverified) {
  public SignedNote {
    verified = List.copyOf(verified);
    unverified = List.copyOf(unverified);
  }
}
