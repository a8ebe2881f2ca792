package io.twinguard.signing.keys;

import io.twinguard.signing.internal.BouncyCastle;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Generates Ed25519 and ECDSA P-256 key pairs and moves them in and out of PEM and PKCS#8.
 *
 * <p>Private keys are written as PKCS#8 ({@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY}
 * with AES-256-CBC and PBKDF2-HMAC-SHA256 when a password is given); public keys as
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}). Reading also accepts OpenSSL's SEC1 {@code EC PRIVATE
 * KEY}. Every key returned is a Bouncy Castle key. Readers throw {@link KeyFileException} with a
 * reason and a message that never contains key material. All methods are thread-safe.
 */
public final class Keys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PBKDF2_ITERATIONS = 210_000;
  private static final ECNamedCurveParameterSpec P256 =
      ECNamedCurveTable.getParameterSpec("secp256r1");

  private Keys() {}

  /** A fresh key pair from a {@link SecureRandom}. */
  public static KeyPair generate(KeyAlgorithm algorithm) {
    try {
      return switch (algorithm) {
        case ED25519 -> KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER)
            .generateKeyPair();
        case ECDSA_P256 -> {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
          generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
          yield generator.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle cannot generate " + algorithm, e);
    }
  }

  /**
   * The public half of a private key, computed from it.
   *
   * @throws IllegalArgumentException when the key is not Ed25519 or ECDSA P-256
   */
  public static PublicKey publicKeyOf(PrivateKey privateKey) {
    KeyAlgorithm algorithm = KeyAlgorithm.of(privateKey);
    try {
      PrivateKey bc = toBouncyCastle(privateKey);
      return switch (algorithm) {
        case ED25519 -> ((EdDSAPrivateKey) bc).getPublicKey();
        case ECDSA_P256 -> {
          BigInteger d = ((ECPrivateKey) bc).getS();
          yield KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
              .generatePublic(new ECPublicKeySpec(P256.getG().multiply(d).normalize(), P256));
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
    }
  }

  /** The key pair of a private key: the key itself and {@link #publicKeyOf(PrivateKey)}. */
  public static KeyPair keyPairOf(PrivateKey privateKey) {
    return new KeyPair(publicKeyOf(privateKey), privateKey);
  }

  /** An unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), version 1. */
  public static String privateKeyToPem(PrivateKey privateKey) {
    return pemOf(new PKCS8Generator(pkcs8V1(privateKey), null));
  }

  /**
   * The key as PKCS#8 version 1 PrivateKeyInfo. Bouncy Castle encodes Ed25519 keys as version 2
   * with the public key attached, which pyca/cryptography (and so many Python tools) refuse with
   * "extra data"; version 1 is what OpenSSL writes and everyone reads.
   */
  static PrivateKeyInfo pkcs8V1(PrivateKey privateKey) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKey.getEncoded());
      return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encode the private key: " + e.getMessage(), e);
    }
  }

  /**
   * An encrypted PKCS#8 PEM ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}): PBES2 with
   * PBKDF2-HMAC-SHA256 and AES-256-CBC.
   */
  public static String privateKeyToPem(PrivateKey privateKey, char[] password) {
    try {
      var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
          .setPRF(PKCS8Generator.PRF_HMACSHA256)
          .setIterationCount(PBKDF2_ITERATIONS)
          .setRandom(RANDOM)
          .setProvider(BouncyCastle.PROVIDER)
          .setPassword(password)
          .build();
      return pemOf(new PKCS8Generator(pkcs8V1(privateKey), encryptor));
    } catch (OperatorCreationException e) {
      throw new IllegalArgumentException("cannot encrypt the private key: " + e.getMessage(), e);
    }
  }

  /** A SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}). */
  public static String publicKeyToPem(PublicKey publicKey) {
    return pemOf(publicKey);
  }

  /** The DER encoding of PKCS#8 version 1 PrivateKeyInfo; a fresh array. */
  public static byte[] privateKeyToPkcs8(PrivateKey privateKey) {
    try {
      return pkcs8V1(privateKey).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode the private key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a DER PKCS#8 PrivateKeyInfo.
   *
   * @throws KeyFileException CORRUPT when the bytes are not PKCS#8, UNSUPPORTED_KEY for other
   *     algorithms
   */
  public static PrivateKey privateKeyFromPkcs8(byte[] der) throws KeyFileException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "not a PKCS#8 private key", e);
    }
    return checked(convertPrivate(info));
  }

  /**
   * Reads a private key from PEM: PKCS#8, encrypted PKCS#8 or SEC1 {@code EC PRIVATE KEY}.
   *
   * @param password the password of an encrypted key; may be {@code null} for a plain one
   * @throws KeyFileException WRONG_PASSWORD, PASSWORD_REQUIRED, CORRUPT or UNSUPPORTED_KEY
   */
  public static PrivateKey privateKeyFromPem(String pem, char[] password) throws KeyFileException {
    Object object = readPemObject(pem);
    if (object instanceof PrivateKeyInfo info) {
      return checked(convertPrivate(info));
    }
    if (object instanceof PEMKeyPair pair) {
      return checked(convertPrivate(pair.getPrivateKeyInfo()));
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
      if (password == null) {
        throw new KeyFileException(
            KeyFileException.Reason.PASSWORD_REQUIRED, "the private key is encrypted: give its password");
      }
      return checked(convertPrivate(decrypt(encrypted, password)));
    }
    throw new KeyFileException(KeyFileException.Reason.CORRUPT, "no private key in the PEM text");
  }

  /**
   * Reads a SubjectPublicKeyInfo PEM ({@code PUBLIC KEY}); a certificate PEM is accepted too and
   * yields its subject's key.
   *
   * @throws KeyFileException CORRUPT or UNSUPPORTED_KEY
   */
  public static PublicKey publicKeyFromPem(String pem) throws KeyFileException {
    Object object = readPemObject(pem);
    SubjectPublicKeyInfo info;
    if (object instanceof SubjectPublicKeyInfo spki) {
      info = spki;
    } else if (object instanceof X509CertificateHolder cert) {
      info = cert.getSubjectPublicKeyInfo();
    } else {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "no public key in the PEM text");
    }
    PublicKey key;
    try {
      key = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER).getPublicKey(info);
    } catch (PEMException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "unreadable public key", e);
    }
    return checked(key);
  }

  /**
   * Writes a private key as PEM, readable by the owner only where the file system allows it.
   *
   * @param password encrypts the key when not {@code null}
   */
  public static void writePrivateKey(Path file, PrivateKey privateKey, char[] password)
      throws KeyFileException {
    String pem = password == null ? privateKeyToPem(privateKey) : privateKeyToPem(privateKey, password);
    writeSecret(file, pem.getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads a private key PEM file; see {@link #privateKeyFromPem(String, char[])}. */
  public static PrivateKey readPrivateKey(Path file, char[] password) throws KeyFileException {
    return privateKeyFromPem(readText(file), password);
  }

  /** Writes a public key as SubjectPublicKeyInfo PEM. */
  public static void writePublicKey(Path file, PublicKey publicKey) throws KeyFileException {
    writeText(file, publicKeyToPem(publicKey));
  }

  /** Reads a public key PEM file; see {@link #publicKeyFromPem(String)}. */
  public static PublicKey readPublicKey(Path file) throws KeyFileException {
    return publicKeyFromPem(readText(file));
  }

  /**
   * The RFC 7638 JWK thumbprint of a public key: base64url (no padding) of SHA-256 over the
   * canonical JWK members ({@code crv, kty, x} for Ed25519; {@code crv, kty, x, y} for P-256).
   */
  public static String thumbprint(PublicKey publicKey) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String jwk = switch (KeyAlgorithm.of(publicKey)) {
      case ED25519 -> {
        byte[] x = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())
            .getPublicKeyData().getOctets();
        yield "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + b64.encodeToString(x) + "\"}";
      }
      case ECDSA_P256 -> {
        var w = ((ECPublicKey) publicKey).getW();
        yield "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
            + b64.encodeToString(fixed32(w.getAffineX())) + "\",\"y\":\""
            + b64.encodeToString(fixed32(w.getAffineY())) + "\"}";
      }
    };
    try {
      return b64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  static String pemOf(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PemObjectGenerator generator) {
        writer.writeObject(generator);
      } else {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing PEM to memory failed", e);
    }
    return out.toString();
  }

  static Object readPemObject(String pem) throws KeyFileException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object == null) {
        throw new KeyFileException(KeyFileException.Reason.CORRUPT, "no PEM block found");
      }
      return object;
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "malformed PEM: " + e.getMessage(), e);
    }
  }

  static PrivateKey convertPrivate(PrivateKeyInfo info) throws KeyFileException {
    try {
      return new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER).getPrivateKey(info);
    } catch (PEMException | RuntimeException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "unreadable private key", e);
    }
  }

  static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, char[] password)
      throws KeyFileException {
    try {
      return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
          .setProvider(BouncyCastle.PROVIDER).build(password));
    } catch (PKCSException | OperatorCreationException | RuntimeException e) {
      throw new KeyFileException(
          KeyFileException.Reason.WRONG_PASSWORD, "wrong password for the encrypted private key", e);
    }
  }

  static <K extends java.security.Key> K checked(K key) throws KeyFileException {
    try {
      KeyAlgorithm.of(key);
      return key;
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(KeyFileException.Reason.UNSUPPORTED_KEY, e.getMessage(), e);
    }
  }

  static String readText(Path file) throws KeyFileException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeyFileException(KeyFileException.Reason.IO, "cannot read " + file + ": " + e, e);
    }
  }

  static void writeText(Path file, String text) throws KeyFileException {
    try {
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeyFileException(KeyFileException.Reason.IO, "cannot write " + file + ": " + e, e);
    }
  }

  /** Creates the file owner-only before any secret byte is written to it. */
  static void writeSecret(Path file, byte[] bytes) throws KeyFileException {
    try {
      Files.deleteIfExists(file);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new KeyFileException(KeyFileException.Reason.IO, "cannot write " + file + ": " + e, e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static PrivateKey toBouncyCastle(PrivateKey key) throws GeneralSecurityException {
    if (key.getClass().getName().startsWith("org.bouncycastle.")) {
      return key;
    }
    String algorithm = KeyAlgorithm.of(key) == KeyAlgorithm.ED25519 ? "Ed25519" : "EC";
    return KeyFactory.getInstance(algorithm, BouncyCastle.PROVIDER)
        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }

  private static byte[] fixed32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return out;
  }
}
