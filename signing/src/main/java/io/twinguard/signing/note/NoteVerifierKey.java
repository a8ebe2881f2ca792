package io.twinguard.signing.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A signed-note verifier key (C2SP signed-note): a key name, the 4-byte key hash that names the key
 * in signature lines, and an Ed25519 public key. Its text form is {@code
 * name+hexkeyhash+base64(0x01 || key)}, as printed by {@code twinguard audit key} and read by any
 * signed-note implementation.
 *
 * @param name the key name: non-empty, no whitespace, no {@code +}
 * @param keyHash the first four bytes, big-endian, of SHA-256(name || "\n" || 0x01 || key)
 * @param publicKey the 32-byte Ed25519 public key (copied in and out)
 */
public record NoteVerifierKey(String name, int keyHash, byte[] publicKey) {

  /** The signature-algorithm byte that C2SP signed-note assigns to Ed25519. */
  static final byte ALG_ED25519 = 0x01;

  private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{8}");

  /**
   * @throws IllegalArgumentException when the name is not a valid key name, the key is not 32 bytes,
   *     or the key hash does not belong to this name and key
   */
  public NoteVerifierKey {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid key name: " + name);
    }
    if (publicKey == null || publicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 verifier key is 32 bytes");
    }
    publicKey = publicKey.clone();
    if (keyHash != keyHash(name, publicKey)) {
      throw new IllegalArgumentException("key hash does not match name and key");
    }
  }

  /** The verifier key for an Ed25519 public key, its hash computed. */
  public static NoteVerifierKey ofEd25519(String name, byte[] rawPublicKey) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid key name: " + name);
    }
    if (rawPublicKey == null || rawPublicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 verifier key is 32 bytes");
    }
    return new NoteVerifierKey(name, keyHash(name, rawPublicKey), rawPublicKey);
  }

  /**
   * The verifier key for a JCA Ed25519 public key.
   *
   * @throws IllegalArgumentException when the key is not Ed25519
   */
  public static NoteVerifierKey ofEd25519(String name, PublicKey publicKey) {
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
      throw new IllegalArgumentException("not an Ed25519 key: " + publicKey.getAlgorithm());
    }
    return ofEd25519(name, info.getPublicKeyData().getBytes());
  }

  /**
   * Parses the text form {@code name+hexkeyhash+base64(0x01 || key)}.
   *
   * @throws IllegalArgumentException with the reason when the text is malformed, names another
   *     algorithm than Ed25519, or its hash does not match
   */
  public static NoteVerifierKey parse(String text) {
    // the name holds no '+', but base64 does: only the first two '+' separate fields
    String[] parts = text.split("\\+", 3);
    if (parts.length != 3 || !HASH.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("malformed verifier key: want name+hash+key");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed verifier key: key is not base64", e);
    }
    if (key.length == 0 || key[0] != ALG_ED25519) {
      throw new IllegalArgumentException("unsupported verifier key algorithm (only Ed25519, 0x01)");
    }
    return new NoteVerifierKey(
        parts[0],
        Integer.parseUnsignedInt(parts[1], 16),
        Arrays.copyOfRange(key, 1, key.length));
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The text form {@code name+hexkeyhash+base64(0x01 || key)}. */
  public String encode() {
    return name + "+" + HexFormat.of().toHexDigits(keyHash) + "+" + Base64.getEncoder().encodeToString(algAndKey(publicKey));
  }

  @Override
  public String toString() {
    return encode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifierKey k
        && name.equals(k.name)
        && keyHash == k.keyHash
        && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyHash;
  }

  /** A key name is non-empty and holds neither whitespace nor {@code +}. */
  static boolean isValidName(String name) {
    return name != null
        && !name.isEmpty()
        && name.indexOf('+') < 0
        && name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

  static int keyHash(String name, byte[] rawPublicKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(algAndKey(rawPublicKey));
      byte[] d = sha256.digest();
      return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }

  private static byte[] algAndKey(byte[] rawPublicKey) {
    byte[] out = new byte[rawPublicKey.length + 1];
    out[0] = ALG_ED25519;
    System.arraycopy(rawPublicKey, 0, out, 1, rawPublicKey.length);
    return out;
  }
}
