package io.twinguard.audit.log.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The log's Ed25519 signing key in a PKCS#8 PEM file, created with owner-only permissions the first
 * time. Stands in for the signing module's key management until that lands.
 */
public final class LogKeyFile {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

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
    PrivateKey key;
    try {
      key = KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair().getPrivate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle has Ed25519", e);
    }
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".log-key", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, pem.toString(), StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
    try {
      // a link refuses to replace an existing file, so two processes never both win
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      // another process created the key first; use that one
    } finally {
      Files.delete(temp);
    }
  }

  private static PrivateKey read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      if (!(object instanceof PrivateKeyInfo info)) {
        throw new IllegalArgumentException(file + " holds no PKCS#8 private key");
      }
      PrivateKey key = new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info);
      if (!"Ed25519".equalsIgnoreCase(key.getAlgorithm())) {
        throw new IllegalArgumentException(file + " holds a " + key.getAlgorithm() + " key, not Ed25519");
      }
      return key;
    }
  }
}
