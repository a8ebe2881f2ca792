package io.twinguard.audit.chaincode;

import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.twinguard.signing.note.NoteVerifierKey;
import io.twinguard.signing.note.SignedNote;
import java.util.Base64;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The rules of the anchor ledger: a log is registered once with its verifier key; a checkpoint is
 * anchored only when it is a well-formed signed note, its signature verifies against the log's
 * key, its origin is the log id, and its tree size is larger than the last anchored one. Every
 * refusal is a {@link ChaincodeException} whose message says why; Fabric returns the message to
 * the client.
 *
 * <p>State keys are simple keys (Fabric allows range queries only over those): {@code log <logId>}
 * and {@code anchor <logId> <treeSize as 19 digits>}. A log id holds no whitespace, so one log's
 * keys never interleave with another's, and the zero-padded size sorts anchors by size.
 */
final class AnchorBook {

  /** The most anchors one ListAnchors call returns; page with a larger {@code from}. */
  static final int MAX_LIST = 1000;

  private static final int MAX_LOG_ID_LENGTH = 256;
  private static final int MAX_NOTE_CHARS = 16 * 1024;

  private final LedgerState state;

  AnchorBook(LedgerState state) {
    this.state = state;
  }

  /**
   * Registers a log. Registering again with the same key succeeds and changes nothing, so a
   * restarted client may repeat it; another key is refused.
   */
  LogRegistration registerLog(String logId, String verifierKeyText) {
    checkLogId(logId);
    NoteVerifierKey key = parseKey(verifierKeyText);
    byte[] existing = state.get(logKey(logId));
    if (existing != null) {
      LogRegistration registration = LogRegistration.fromBytes(existing);
      if (NoteVerifierKey.parse(registration.verifierKey()).equals(key)) {
        return registration;
      }
      throw new ChaincodeException(
          "log '" + logId + "' is already registered with another verifier key");
    }
    LogRegistration registration = new LogRegistration(logId, key.encode(), -1, state.txId());
    state.put(logKey(logId), registration.toBytes());
    return registration;
  }

  /** Verifies and stores a signed checkpoint of a registered log. */
  AnchorRecord anchor(String logId, String signedNote) {
    LogRegistration registration = registration(logId);
    if (signedNote == null || signedNote.length() > MAX_NOTE_CHARS) {
      throw new ChaincodeException("malformed checkpoint: missing or longer than 16384 characters");
    }
    SignedNote opened;
    try {
      opened = NoteVerifier.open(signedNote, List.of(NoteVerifierKey.parse(registration.verifierKey())));
    } catch (NoteVerificationException e) {
      throw new ChaincodeException(refusal(logId, e));
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(opened.text());
    } catch (IllegalArgumentException e) {
      throw new ChaincodeException("malformed checkpoint: " + e.getMessage());
    }
    if (!checkpoint.origin().equals(logId)) {
      throw new ChaincodeException(
          "checkpoint origin '" + checkpoint.origin() + "' is not the log id '" + logId + "'");
    }
    if (checkpoint.size() <= registration.lastTreeSize()) {
      throw new ChaincodeException(
          "tree size " + checkpoint.size() + " of log '" + logId
              + "' is not larger than the last anchored size " + registration.lastTreeSize());
    }
    AnchorRecord record = new AnchorRecord(
        logId,
        checkpoint.size(),
        Base64.getEncoder().encodeToString(checkpoint.rootHash()),
        signedNote,
        state.txId(),
        state.txTimestamp());
    state.put(anchorKey(logId, checkpoint.size()), record.toBytes());
    state.put(logKey(logId), registration.withLastTreeSize(checkpoint.size()).toBytes());
    return record;
  }

  /** The latest anchor of a log. */
  AnchorRecord latest(String logId) {
    LogRegistration registration = registration(logId);
    if (registration.lastTreeSize() < 0) {
      throw new ChaincodeException("log '" + logId + "' has no anchor yet");
    }
    return AnchorRecord.fromBytes(state.get(anchorKey(logId, registration.lastTreeSize())));
  }

  /**
   * The anchors of a log whose tree sizes lie in {@code [fromSize, toSize]}, by increasing size, at
   * most {@link #MAX_LIST}.
   */
  List<AnchorRecord> list(String logId, long fromSize, long toSize) {
    registration(logId);
    if (fromSize < 0 || toSize < fromSize) {
      throw new ChaincodeException(
          "tree size range must satisfy 0 <= from <= to, got from " + fromSize + " to " + toSize);
    }
    String end = toSize == Long.MAX_VALUE
        ? anchorPrefix(logId).substring(0, anchorPrefix(logId).length() - 1) + "!"
        : anchorKey(logId, toSize + 1);
    return state.range(anchorKey(logId, fromSize), end, MAX_LIST).stream()
        .map(AnchorRecord::fromBytes)
        .toList();
  }

  private LogRegistration registration(String logId) {
    checkLogId(logId);
    byte[] bytes = state.get(logKey(logId));
    if (bytes == null) {
      throw new ChaincodeException("log '" + logId + "' is not registered");
    }
    return LogRegistration.fromBytes(bytes);
  }

  private static String refusal(String logId, NoteVerificationException e) {
    return switch (e.reason()) {
      case MALFORMED -> "malformed checkpoint: not a signed note";
      case INVALID_SIGNATURE ->
          "checkpoint signature does not verify with the verifier key of log '" + logId + "'";
      case NO_KNOWN_SIGNATURE ->
          "checkpoint is not signed by the verifier key of log '" + logId + "'";
      case AMBIGUOUS_KEY -> "checkpoint verification failed: " + e.getMessage();
    };
  }

  private static NoteVerifierKey parseKey(String text) {
    try {
      return NoteVerifierKey.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new ChaincodeException("invalid verifier key: " + e.getMessage());
    }
  }

  private static void checkLogId(String logId) {
    if (logId == null
        || logId.isEmpty()
        || logId.length() > MAX_LOG_ID_LENGTH
        || logId.codePoints().anyMatch(c -> c <= 0x20 || Character.isWhitespace(c) || c == 0x7f)) {
      throw new ChaincodeException(
          "invalid log id: want 1 to 256 characters without whitespace (the checkpoint origin)");
    }
  }

  private static String logKey(String logId) {
    return "log " + logId;
  }

  private static String anchorPrefix(String logId) {
    return "anchor " + logId + " ";
  }

  private static String anchorKey(String logId, long treeSize) {
    return anchorPrefix(logId) + String.format("%019d", treeSize);
  }
}
