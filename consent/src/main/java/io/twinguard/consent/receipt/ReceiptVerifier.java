package io.twinguard.consent.receipt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.consent.Consent;
import io.twinguard.consent.receipt.ReceiptException.Reason;
import io.twinguard.signing.httpsig.SignatureAlgorithm;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.twinguard.signing.note.NoteVerifierKey;
import io.twinguard.signing.note.SignedNote;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Checks a consent receipt end to end, as anyone can: the JWS signature by the receipt key, the
 * record's digest, the audit leaf naming that record version and digest, the leaf's inclusion
 * proof, and the checkpoint's signature by the log's key. Stateless.
 */
public final class ReceiptVerifier {

  private ReceiptVerifier() {}

  /**
   * A verified receipt.
   *
   * @param consent the record version it attests
   * @param auditIndex the log index of the change's record
   * @param treeSize the size of the checkpoint the proof leads to
   */
  public record Verified(Consent consent, long auditIndex, long treeSize) {}

  /**
   * @throws ReceiptException with the first reason the receipt fails
   */
  public static Verified verify(String receipt, PublicKey receiptKey, NoteVerifierKey logKey)
      throws ReceiptException {
    JsonObject payload;
    try {
      JWSObject jws = JWSObject.parse(receipt);
      if (!JWSAlgorithm.EdDSA.equals(jws.getHeader().getAlgorithm())
          || jws.getHeader().getType() == null
          || !Receipts.TYPE.equals(jws.getHeader().getType().getType())) {
        throw new ReceiptException(Reason.MALFORMED, "not an EdDSA consent receipt");
      }
      byte[] input = jws.getSigningInput();
      if (!SignatureAlgorithm.ED25519.verify(receiptKey, input, jws.getSignature().decode())) {
        throw new ReceiptException(Reason.BAD_SIGNATURE, "the signature is not the receipt key's");
      }
      payload = new JsonObject(jws.getPayload().toString());
    } catch (ParseException | RuntimeException e) {
      throw new ReceiptException(Reason.MALFORMED, "unreadable: " + e.getMessage());
    }
    try {
      return check(payload, logKey);
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new ReceiptException(Reason.MALFORMED, "payload: " + e.getMessage());
    }
  }

  private static Verified check(JsonObject payload, NoteVerifierKey logKey) throws ReceiptException {
    Consent consent = Consent.fromJson(payload.getJsonObject("consent"));
    String digest = payload.getString("record_digest");
    if (!consent.digest().equals(digest)) {
      throw new ReceiptException(Reason.RECORD_MISMATCH, "record_digest is not the record's");
    }
    JsonObject audit = payload.getJsonObject("audit");
    byte[] leaf = Base64.getDecoder().decode(audit.getString("leaf"));
    JsonObject record = new JsonObject(new String(leaf, StandardCharsets.UTF_8));
    if (!"consent".equals(record.getString("kind"))
        || !consent.id().equals(record.getString("consent_id"))
        || !Objects.equals(consent.version(), record.getInteger("version"))
        || !digest.equals(record.getString("record_digest"))
        || !consent.status().wireName().equals(record.getString("event"))) {
      throw new ReceiptException(Reason.RECORD_MISMATCH, "the audit leaf is not this record version's change");
    }
    Checkpoint checkpoint;
    try {
      SignedNote note = NoteVerifier.open(audit.getString("checkpoint"), List.of(logKey));
      checkpoint = Checkpoint.parse(note.text());
    } catch (NoteVerificationException e) {
      throw new ReceiptException(Reason.BAD_CHECKPOINT, e.getMessage());
    }
    long index = audit.getLong("index");
    List<byte[]> path = new ArrayList<>();
    JsonArray hashes = audit.getJsonArray("inclusion_path");
    hashes.forEach(h -> path.add(Base64.getDecoder().decode((String) h)));
    try {
      ProofVerifier.verifyInclusion(index, checkpoint.size(), Rfc9162.leafHash(leaf), path, checkpoint.rootHash());
    } catch (ProofException e) {
      throw new ReceiptException(Reason.BAD_PROOF, e.getMessage());
    }
    return new Verified(consent, index, checkpoint.size());
  }
}
