package io.twinguard.signing.httpsig;

import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.ContentDigestException;
import io.twinguard.signing.httpsig.SignatureVerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.ParseException;
import org.greenbytes.http.sfv.Parser;

/**
 * Verifies RFC 9421 signatures on requests and responses (section 3.2). Thread-safe; no I/O
 * beyond what the {@link KeyResolver} does.
 *
 * <p>Checks, in order, each failing with its own {@link Reason}: the fields parse and carry the
 * label; {@code expires} has not passed and {@code created} is not in the future (both with the
 * allowed clock skew); the keyid resolves; {@code alg}, when given, is the key's algorithm; every
 * covered component is present; the signature matches the signature base; and, when
 * {@code content-digest} is covered, the digest matches the content. Replay protection (nonce
 * cache, maximum age) is the caller's job.
 */
public final class MessageVerifier {

  private final KeyResolver keys;
  private final Clock clock;
  private final Duration skew;

  /**
   * @param keys finds the key for a keyid
   * @param clock the time against which created and expires are checked
   * @param skew how far clocks may disagree
   */
  public MessageVerifier(KeyResolver keys, Clock clock, Duration skew) {
    this.keys = Objects.requireNonNull(keys);
    this.clock = Objects.requireNonNull(clock);
    this.skew = Objects.requireNonNull(skew);
  }

  /** Verifies the first signature of the message; see {@link #verify(HttpMessage, String)}. */
  public VerifiedSignature verify(HttpMessage message) throws SignatureVerificationException {
    return verify(message, null);
  }

  /**
   * Verifies the signature under {@code label} (the first one when {@code label} is null).
   *
   * @return what was verified
   * @throws SignatureVerificationException naming the check that failed
   */
  public VerifiedSignature verify(HttpMessage message, String label)
      throws SignatureVerificationException {
    Dictionary inputs = dictionary(message, SignatureFields.SIGNATURE_INPUT);
    Dictionary signatures = dictionary(message, SignatureFields.SIGNATURE);
    String chosen = label != null ? label
        : inputs.get().keySet().stream().findFirst().orElseThrow(() ->
            new SignatureVerificationException(Reason.NO_SIGNATURE, "Signature-Input is empty"));
    ListElement<? extends Object> input = inputs.get().get(chosen);
    ListElement<? extends Object> value = signatures.get().get(chosen);
    if (input == null || value == null) {
      throw new SignatureVerificationException(Reason.NO_SIGNATURE,
          "no signature labelled " + chosen + " in both Signature-Input and Signature");
    }
    if (!(input instanceof InnerList list)) {
      throw new SignatureVerificationException(Reason.MALFORMED_FIELD,
          "Signature-Input member " + chosen + " is not an inner list");
    }
    if (!(value instanceof ByteSequenceItem bytes)) {
      throw new SignatureVerificationException(Reason.MALFORMED_FIELD,
          "Signature member " + chosen + " is not a byte sequence");
    }
    SignatureParams params;
    try {
      params = SignatureParams.fromInnerList(list);
    } catch (IllegalArgumentException e) {
      throw new SignatureVerificationException(Reason.MALFORMED_FIELD,
          "Signature-Input member " + chosen + ": " + e.getMessage());
    }
    checkTime(params);
    PublicKey key = resolveKey(params);
    SignatureAlgorithm algorithm = algorithmFor(key, params);
    byte[] base = SignatureBase.build(message, params).getBytes(StandardCharsets.US_ASCII);
    if (!algorithm.verify(key, base, toArray(bytes.get()))) {
      throw new SignatureVerificationException(Reason.SIGNATURE_MISMATCH,
          "signature " + chosen + " does not match the message (a covered component changed)");
    }
    if (params.components().contains(ComponentId.field(ContentDigest.FIELD))) {
      checkDigest(message);
    }
    return new VerifiedSignature(chosen, params, algorithm);
  }

  private static Dictionary dictionary(HttpMessage message, String field)
      throws SignatureVerificationException {
    List<String> lines = message.fields().values(field);
    if (lines.isEmpty()) {
      throw new SignatureVerificationException(Reason.NO_SIGNATURE, "the message has no " + field + " field");
    }
    try {
      return new Parser(lines).parseDictionary();
    } catch (ParseException e) {
      throw new SignatureVerificationException(Reason.MALFORMED_FIELD,
          field + " is not a structured-field dictionary: " + e.getMessage());
    }
  }

  private void checkTime(SignatureParams params) throws SignatureVerificationException {
    Instant now = clock.instant();
    var expires = params.expires();
    if (expires.isPresent() && now.isAfter(expires.get().plus(skew))) {
      throw new SignatureVerificationException(Reason.EXPIRED,
          "signature expired at " + expires.get() + " (now " + now + ")");
    }
    var created = params.created();
    if (created.isPresent() && created.get().isAfter(now.plus(skew))) {
      throw new SignatureVerificationException(Reason.CREATED_IN_FUTURE,
          "signature created at " + created.get() + ", after now " + now + " plus skew " + skew);
    }
  }

  private PublicKey resolveKey(SignatureParams params) throws SignatureVerificationException {
    String keyid = params.keyid().orElse("");
    return keys.resolve(keyid).orElseThrow(() -> new SignatureVerificationException(
        Reason.UNKNOWN_KEY, keyid.isEmpty() ? "the signature names no keyid" : "unknown keyid " + keyid));
  }

  private static SignatureAlgorithm algorithmFor(PublicKey key, SignatureParams params)
      throws SignatureVerificationException {
    SignatureAlgorithm fromKey;
    try {
      fromKey = SignatureAlgorithm.forKey(key);
    } catch (IllegalArgumentException e) {
      throw new SignatureVerificationException(Reason.ALGORITHM_MISMATCH, e.getMessage());
    }
    if (params.alg().isPresent()) {
      String alg = params.alg().get();
      if (SignatureAlgorithm.forHttpName(alg).isEmpty()) {
        throw new SignatureVerificationException(Reason.ALGORITHM_MISMATCH,
            "alg " + alg + " is not implemented here (ed25519, ecdsa-p256-sha256)");
      }
      if (!alg.equals(fromKey.httpName())) {
        throw new SignatureVerificationException(Reason.ALGORITHM_MISMATCH,
            "alg " + alg + " does not fit the " + fromKey.httpName() + " key");
      }
    }
    return fromKey;
  }

  private static void checkDigest(HttpMessage message) throws SignatureVerificationException {
    String field = message.fields().combined(ContentDigest.FIELD).orElseThrow();
    try {
      ContentDigest.verify(field, message.body());
    } catch (ContentDigestException e) {
      throw new SignatureVerificationException(
          e.reason() == ContentDigestException.Reason.MALFORMED ? Reason.MALFORMED_FIELD : Reason.DIGEST_MISMATCH,
          e.getMessage());
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
