package io.twinguard.signing.httpsig;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Objects;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.Dictionary;

/**
 * Signs requests and responses with one private key (RFC 9421 section 3.1). Thread-safe.
 *
 * <p>The caller chooses the covered components and the parameters (created, expires, nonce,
 * keyid, alg, tag) through {@link SignatureParams}; when {@code alg} is present it must name the
 * key's algorithm.
 */
public final class MessageSigner {

  private final PrivateKey key;
  private final SignatureAlgorithm algorithm;

  /** @throws IllegalArgumentException when the key is neither Ed25519 nor ECDSA P-256 */
  public MessageSigner(PrivateKey key) {
    this.key = Objects.requireNonNull(key);
    this.algorithm = SignatureAlgorithm.forKey(key);
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Signs {@code message} under {@code label}.
   *
   * @throws IllegalArgumentException when a covered component is missing or not supported, when
   *     {@code alg} does not fit the key, or when the label is not an RFC 8941 key
   */
  public SignatureFields sign(HttpMessage message, String label, SignatureParams params) {
    params.alg().ifPresent(alg -> {
      if (!alg.equals(algorithm.httpName())) {
        throw new IllegalArgumentException("alg " + alg + " does not fit the " + algorithm.httpName() + " key");
      }
    });
    String base;
    try {
      base = SignatureBase.build(message, params);
    } catch (SignatureVerificationException e) {
      throw new IllegalArgumentException("cannot sign: " + e.getMessage(), e);
    }
    byte[] signature = algorithm.sign(key, base.getBytes(StandardCharsets.US_ASCII));
    return new SignatureFields(
        Dictionary.valueOf(Map.of(label, params.toInnerList())).serialize(),
        Dictionary.valueOf(Map.of(label, ByteSequenceItem.valueOf(signature))).serialize());
  }
}
