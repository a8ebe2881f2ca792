package io.twinguard.signing.note;

/**
 * One signature line of a signed note.
 *
 * @param name the key name
 * @param keyHash the key hash that, with the name, identifies the key
 * @param base64 the base64 text of key hash and signature, as it stands in the note
 */
public record NoteSignature(String name, int keyHash, String base64) {}
