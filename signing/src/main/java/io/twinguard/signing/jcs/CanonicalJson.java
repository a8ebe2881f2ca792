package io.twinguard.signing.jcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one place in twinguard that turns JSON into the
 * bytes that are hashed and signed.
 *
 * <p>Backed by {@code io.github.erdtman:java-json-canonicalization}, the Java implementation by the
 * RFC's authors' project; the RFC 8785 test vectors run against it in {@code CanonicalJsonTest}.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  /**
   * Canonicalizes one JSON text.
   *
   * @param json a complete JSON text (object, array or scalar)
   * @return the canonical UTF-8 bytes; a fresh array on every call
   * @throws IllegalArgumentException when {@code json} is not valid JSON, or holds a number that
   *     I-JSON forbids (NaN, infinities)
   */
  public static byte[] canonicalize(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedUTF8();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
    }
  }

  /** Canonicalizes one JSON text given as UTF-8 bytes; see {@link #canonicalize(String)}. */
  public static byte[] canonicalize(byte[] utf8Json) {
    return canonicalize(new String(utf8Json, StandardCharsets.UTF_8));
  }
}
