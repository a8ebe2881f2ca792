package io.twinguard.consent.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default {@link SubjectMapper}: {@code citizen-} followed by the first 16 bytes, base64url, of
 * HMAC-SHA256(key, issuer + "\n" + sub). Stable for a user and a key; without the key nobody can
 * tell which Keycloak user a subject id belongs to, nor compute a user's id. Thread-safe.
 */
public final class PseudonymousSubjects implements SubjectMapper {

  private final SecretKeySpec key;

  /** @throws IllegalArgumentException when the key is shorter than 32 bytes */
  public PseudonymousSubjects(byte[] key) {
    if (key == null || key.length < 32) {
      throw new IllegalArgumentException("the subject key needs at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  @Override
  public String subjectOf(String issuer, String userSubject) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] tag = mac.doFinal((issuer + "\n" + userSubject).getBytes(StandardCharsets.UTF_8));
      return "citizen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(tag, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
