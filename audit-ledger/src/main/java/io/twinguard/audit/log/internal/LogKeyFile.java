package io.twinguard.audit.log.internal;

import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;

/**
 * The log's Ed25519 signing key in a PKCS#8 PEM file (the signing module's key format), created
 * with owner-only permissions the first time.
 */
public final class LogKeyFile {

  private LogKeyFile() {}

  /**
   * Reads the key, or creates and stores a new one when the file does not exist.
   *
   * @throws UncheckedIOException when the file cannot be read or written
   * @throws IllegalArgumentException when the file holds no Ed25519 private key
   */
  public static PrivateKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the log key file " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    String pem = Keys.privateKeyToPem(Keys.generate(KeyAlgorithm.ED25519).getPrivate());
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".log-key", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, pem, StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
    try {
      // a link refuses to replace an existing file, so two processes never both win
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      // another process created the key first; use that one
    } finally {
      Files.delete(temp);
    }
  }

  private static PrivateKey read(Path file) {
    PrivateKey key;
    try {
      key = Keys.readPrivateKey(file, null);
    } catch (KeyFileException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    if (KeyAlgorithm.of(key) != KeyAlgorithm.ED25519) {
      throw new IllegalArgumentException(file + " holds a " + key.getAlgorithm() + " key, not Ed25519");
    }
    return key;
  }
}
