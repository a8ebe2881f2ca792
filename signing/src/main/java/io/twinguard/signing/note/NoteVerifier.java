package io.twinguard.signing.note;

import io.twinguard.signing.note.NoteVerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Opens C2SP signed notes: checks every signature by a known key and returns the text only when at
 * least one verifies and none fails. Signatures by unknown keys are kept, unchecked. Stateless and
 * thread-safe.
 */
public final class NoteVerifier {

  /** A signature line starts with an em dash and a space. */
  static final String SIGNATURE_PREFIX = "\u2014 ";

  /** More signature lines than this make a note malformed, as in the reference implementation. */
  static final int MAX_SIGNATURES = 100;

  private NoteVerifier() {}

  /**
   * Opens a signed note given as text; see {@link #open(byte[], Collection)}.
   *
   * @throws NoteVerificationException with the reason when the note does not verify
   */
  public static SignedNote open(String note, Collection<NoteVerifierKey> keys)
      throws NoteVerificationException {
    return open(note.getBytes(StandardCharsets.UTF_8), keys);
  }

  /**
   * Opens a signed note.
   *
   * @param note the note bytes: text, an empty line, one or more signature lines
   * @param keys the keys whose signatures are checked
   * @return the text and its signatures
   * @throws NoteVerificationException MALFORMED for a note that is not well formed,
   *     INVALID_SIGNATURE when a known key's signature fails, NO_KNOWN_SIGNATURE when no signature is
   *     by a known key, AMBIGUOUS_KEY when two known keys share name and hash
   */
  public static SignedNote open(byte[] note, Collection<NoteVerifierKey> keys)
      throws NoteVerificationException {
    String message = decodeUtf8(note);
    if (message == null || hasControlCharacter(message)) {
      throw malformed();
    }
    int split = message.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed();
    }
    String text = message.substring(0, split + 1);
    String block = message.substring(split + 2);
    if (block.isEmpty() || !block.endsWith("\n")) {
      throw malformed();
    }
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed();
    }
    for (String line : lines) {
      NoteSignature signature = parseLine(line);
      byte[] hashAndSig = Base64.getDecoder().decode(signature.base64());
      if (!seen.add(signature.name() + "+" + signature.keyHash())) {
        continue;
      }
      NoteVerifierKey key = find(keys, signature);
      if (key == null) {
        unverified.add(signature);
        continue;
      }
      byte[] sig = Arrays.copyOfRange(hashAndSig, 4, hashAndSig.length);
      if (!verifies(key, textBytes, sig)) {
        throw new NoteVerificationException(
            Reason.INVALID_SIGNATURE,
            "invalid signature for key " + signature.name() + "+" + hex(signature.keyHash()));
      }
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw new NoteVerificationException(
          Reason.NO_KNOWN_SIGNATURE, "note has no signature by a known key");
    }
    return new SignedNote(text, verified, unverified);
  }

  /** A note text is non-empty, ends in a newline, has no empty line and no control character. */
  static boolean isValidText(String text) {
    return !text.isEmpty()
        && text.endsWith("\n")
        && !text.contains("\n\n")
        && !hasControlCharacter(text);
  }

  private static NoteSignature parseLine(String line) throws NoteVerificationException {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw malformed();
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw malformed();
    }
    String name = rest.substring(0, space);
    String base64 = rest.substring(space + 1);
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    if (!NoteVerifierKey.isValidName(name) || decoded.length < 5) {
      throw malformed();
    }
    return new NoteSignature(name, ByteBuffer.wrap(decoded, 0, 4).getInt(), base64);
  }

  private static NoteVerifierKey find(Collection<NoteVerifierKey> keys, NoteSignature signature)
      throws NoteVerificationException {
    NoteVerifierKey found = null;
    for (NoteVerifierKey key : keys) {
      if (key.name().equals(signature.name()) && key.keyHash() == signature.keyHash()) {
        if (found != null && !found.equals(key)) {
          throw new NoteVerificationException(
              Reason.AMBIGUOUS_KEY, "ambiguous key " + key.name() + "+" + hex(key.keyHash()));
        }
        found = key;
      }
    }
    return found;
  }

  private static boolean verifies(NoteVerifierKey key, byte[] text, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(key.publicKey(), 0));
    verifier.update(text, 0, text.length);
    return verifier.verifySignature(signature);
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean hasControlCharacter(String s) {
    return s.chars().anyMatch(c -> c < 0x20 && c != '\n');
  }

  private static String hex(int keyHash) {
    return HexFormat.of().toHexDigits(keyHash);
  }

  private static NoteVerificationException malformed() {
    return new NoteVerificationException(Reason.MALFORMED, "malformed note");
  }
}
