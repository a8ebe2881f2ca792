package io.twinguard.consent.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default {@link SubjectMapper}: {@code citizen-} followed by the first 16 bytes, in lower-case
 * hex (letters and digits only, so that the id passes every header and path that carries subject
 * ids, such as the broker's {@code Twin-Subjects}), of
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

  /**
   * The mapper keyed by the secret in {@code file}, which is created (32 random bytes, owner-only)
   * when it does not exist yet.
   *
   * @throws UncheckedIOException when the file cannot be read or created
   * @throws IllegalArgumentException when it holds fewer than 32 bytes
   */
  public static PseudonymousSubjects loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path partial = Files.createTempFile(parent, ".subject-key", ".tmp");
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        Files.write(partial, fresh);
        // a second broker starting at the same moment keeps the key the first one wrote
        try {
          Files.move(partial, file);
        } catch (FileAlreadyExistsException raced) {
          Files.delete(partial);
        }
      }
      return new PseudonymousSubjects(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the subject key " + file, e);
    }
  }

  @Override
  public String subjectOf(String issuer, String userSubject) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] tag = mac.doFinal((issuer + "\n" + userSubject).getBytes(StandardCharsets.UTF_8));
      return "citizen-" + HexFormat.of().formatHex(tag, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
