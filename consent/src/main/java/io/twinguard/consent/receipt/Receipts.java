package io.twinguard.consent.receipt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.twinguard.audit.log.InclusionProof;
import io.twinguard.consent.Consent;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Issues consent receipts: a JWS (EdDSA, {@code typ: consent-receipt+jws}) whose payload binds a
 * consent record version, its digest, and the audit log entry of the change with its RFC 9162
 * inclusion proof and the signed checkpoint it leads to, so that anyone holding the receipt, the
 * receipt key and the log's verifier key can check it without asking the broker.
 *
 * <p>Payload: {@code iss}, {@code iat} (seconds), {@code consent} ({@link Consent#toJson()}),
 * {@code record_digest}, {@code audit} ({@link InclusionProof#toJson()} plus {@code log_key}, the
 * C2SP verifier key text).
 */
public final class Receipts {

  /** The JWS {@code typ} of a receipt. */
  public static final String TYPE = "consent-receipt+jws";

  private final ReceiptKey key;
  private final String issuer;

  public Receipts(ReceiptKey key, String issuer) {
    this.key = key;
    this.issuer = issuer;
  }

  public ReceiptKey key() {
    return key;
  }

  /**
   * The receipt of a version whose change the log holds at {@code proof.index()}.
   *
   * @throws IllegalStateException when signing fails (a broken key)
   */
  public String issue(Consent consent, InclusionProof proof, NoteVerifierKey logKey, Instant now) {
    JsonObject payload = new JsonObject()
        .put("iss", issuer)
        .put("iat", now.getEpochSecond())
        .put("consent", consent.toJson())
        .put("record_digest", consent.digest())
        .put("audit", proof.toJson().put("log_key", logKey.encode()));
    JWSObject jws = new JWSObject(
        new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.keyId()).type(new JOSEObjectType(TYPE)).build(),
        new Payload(payload.encode()));
    try {
      jws.sign(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a consent receipt", e);
    }
    return jws.serialize();
  }
}
