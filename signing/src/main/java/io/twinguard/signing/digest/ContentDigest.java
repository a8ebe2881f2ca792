package io.twinguard.signing.digest;

import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.ParseException;
import org.greenbytes.http.sfv.Parser;

/**
 * RFC 9530 {@code Content-Digest}: an RFC 8941 dictionary whose keys name hash algorithms and
 * whose values are byte sequences holding the digest of the message content.
 *
 * <p>Verification checks every supported digest in the field (sha-256, sha-512), ignores
 * algorithms it does not know, as RFC 9530 allows, and requires at least one supported one.
 * Comparison is constant-time. Stateless and thread-safe.
 */
public final class ContentDigest {

  /** The field name, lower case as it appears in signature bases. */
  public static final String FIELD = "content-digest";

  private ContentDigest() {}

  /**
   * The field value for {@code content}, with one member per algorithm in the order given.
   *
   * @throws IllegalArgumentException when no algorithm is given
   */
  public static String create(byte[] content, DigestAlgorithm... algorithms) {
    if (algorithms.length == 0) {
      throw new IllegalArgumentException("at least one digest algorithm is needed");
    }
    Map<String, ListElement<? extends Object>> members = new LinkedHashMap<>();
    for (DigestAlgorithm algorithm : algorithms) {
      members.put(algorithm.key(), ByteSequenceItem.valueOf(algorithm.digest(content)));
    }
    return Dictionary.valueOf(members).serialize();
  }

  /**
   * Checks a {@code Content-Digest} field value against the content.
   *
   * @return the algorithms whose digests were checked and matched (never empty)
   * @throws ContentDigestException MALFORMED, NO_SUPPORTED_ALGORITHM or MISMATCH
   */
  public static Set<DigestAlgorithm> verify(String fieldValue, byte[] content)
      throws ContentDigestException {
    Dictionary dictionary;
    try {
      dictionary = Parser.parseDictionary(fieldValue);
    } catch (ParseException e) {
      throw new ContentDigestException(ContentDigestException.Reason.MALFORMED,
          "Content-Digest is not a structured-field dictionary: " + e.getMessage());
    }
    Set<DigestAlgorithm> checked = EnumSet.noneOf(DigestAlgorithm.class);
    for (var member : dictionary.get().entrySet()) {
      var algorithm = DigestAlgorithm.forKey(member.getKey());
      if (algorithm.isEmpty()) {
        continue;
      }
      if (!(member.getValue() instanceof ByteSequenceItem bytes)) {
        throw new ContentDigestException(ContentDigestException.Reason.MALFORMED,
            "Content-Digest member " + member.getKey() + " is not a byte sequence");
      }
      byte[] expected = new byte[bytes.get().remaining()];
      bytes.get().duplicate().get(expected);
      if (!MessageDigest.isEqual(expected, algorithm.get().digest(content))) {
        throw new ContentDigestException(ContentDigestException.Reason.MISMATCH,
            "Content-Digest " + member.getKey() + " does not match the content");
      }
      checked.add(algorithm.get());
    }
    if (checked.isEmpty()) {
      throw new ContentDigestException(ContentDigestException.Reason.NO_SUPPORTED_ALGORITHM,
          "Content-Digest holds no sha-256 or sha-512 digest");
    }
    return checked;
  }
}
