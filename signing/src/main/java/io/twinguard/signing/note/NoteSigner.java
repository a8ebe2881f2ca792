package io.twinguard.signing.note;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Signs notes in the C2SP signed-note format with one Ed25519 key. Thread-safe: every call signs
 * with a fresh signer.
 */
public final class NoteSigner {

  private final Ed25519PrivateKeyParameters key;
  private final NoteVerifierKey verifierKey;

  private NoteSigner(String name, Ed25519PrivateKeyParameters key) {
    this.key = key;
    this.verifierKey = NoteVerifierKey.ofEd25519(name, key.generatePublicKey().getEncoded());
  }

  /**
   * A signer for a JCA Ed25519 private key.
   *
   * @throws IllegalArgumentException when the name is not a valid key name or the key is not Ed25519
   */
  public static NoteSigner create(String name, PrivateKey ed25519PrivateKey) {
    AsymmetricKeyParameter params;
    try {
      params = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(ed25519PrivateKey.getEncoded()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable private key", e);
    }
    if (!(params instanceof Ed25519PrivateKeyParameters ed)) {
      throw new IllegalArgumentException("not an Ed25519 key: " + ed25519PrivateKey.getAlgorithm());
    }
    return new NoteSigner(name, ed);
  }

  /** A signer for a raw 32-byte Ed25519 seed. */
  public static NoteSigner fromSeed(String name, byte[] seed) {
    if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    return new NoteSigner(name, new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** The verifier key that checks this signer's signatures. */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /**
   * Signs a note text.
   *
   * @param text the note text: valid UTF-8 without control characters other than newline, ending in
   *     a newline and holding no empty line
   * @return the signed note: the text, an empty line, and this signer's signature line
   * @throws IllegalArgumentException when the text is not a valid note text
   */
  public String sign(String text) {
    if (!NoteVerifier.isValidText(text)) {
      throw new IllegalArgumentException("malformed note text");
    }
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    byte[] signature = signer.generateSignature();
    byte[] hashAndSig =
        ByteBuffer.allocate(4 + signature.length).putInt(verifierKey.keyHash()).put(signature).array();
    return text
        + "\n"
        + NoteVerifier.SIGNATURE_PREFIX
        + verifierKey.name()
        + " "
        + Base64.getEncoder().encodeToString(hashAndSig)
        + "\n";
  }
}
