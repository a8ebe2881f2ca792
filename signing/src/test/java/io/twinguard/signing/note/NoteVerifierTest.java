package io.twinguard.signing.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.note.NoteVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * Vectors from the reference signed-note implementation (golang.org/x/mod/sumdb/note tests): the
 * PeterNeumann and EnochRoot keys, their signatures, and the malformed notes it rejects.
 */
class NoteVerifierTest {

  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY_B64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String PETER_SIG =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_SIG =
      "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  static final NoteVerifierKey PETER = NoteVerifierKey.parse(PETER_VKEY);
  static final NoteVerifierKey ENOCH = NoteVerifierKey.parse(ENOCH_VKEY);

  @Test
  void parseVerifierKey_base64KeyContainingPlus_roundTrips() {
    NoteVerifierKey key = null;
    for (int i = 0; key == null; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      seed[1] = (byte) (i >> 8);
      NoteVerifierKey candidate = NoteSigner.fromSeed("example.com/log", seed).verifierKey();
      if (candidate.encode().chars().filter(c -> c == '+').count() > 2) {
        key = candidate;
      }
    }

    assertEquals(key, NoteVerifierKey.parse(key.encode()));
  }

  @Test
  void sign_referenceKey_matchesReferenceSignatureExactly() {
    NoteSigner signer = NoteSigner.fromSeed("PeterNeumann", peterSeed());

    assertEquals(TEXT + "\n" + PETER_SIG, signer.sign(TEXT));
    assertEquals(PETER_VKEY, signer.verifierKey().encode());
  }

  @Test
  void open_oneKnownOneUnknownSignature_verifiesKnownKeepsOther() throws Exception {
    SignedNote note = NoteVerifier.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(PETER));

    assertEquals(TEXT, note.text());
    assertEquals(List.of("PeterNeumann"), note.verified().stream().map(NoteSignature::name).toList());
    assertEquals(List.of("EnochRoot"), note.unverified().stream().map(NoteSignature::name).toList());
  }

  @Test
  void open_bothKeysKnown_verifiesBoth() throws Exception {
    SignedNote note = NoteVerifier.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(PETER, ENOCH));

    assertEquals(2, note.verified().size());
    assertTrue(note.unverified().isEmpty());
  }

  @Test
  void open_noKnownKey_isRefused() {
    assertReason(Reason.NO_KNOWN_SIGNATURE, TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of());
  }

  @Test
  void open_changedSignature_isInvalid() {
    String bad = TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
    assertReason(Reason.INVALID_SIGNATURE, bad, List.of(PETER));
  }

  @Test
  void open_changedText_isInvalid() {
    String bad = TEXT.replace("answer", "Answer") + "\n" + PETER_SIG;
    assertReason(Reason.INVALID_SIGNATURE, bad, List.of(PETER));
  }

  @Test
  void open_tooManySignatures_isMalformed() {
    assertReason(Reason.MALFORMED, TEXT + "\n" + PETER_SIG.repeat(101), List.of(PETER));
  }

  @Test
  void open_repeatedSignatures_areCountedOnce() throws Exception {
    SignedNote note =
        NoteVerifier.open(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG, List.of(PETER));

    assertEquals(1, note.verified().size());
    assertEquals(1, note.unverified().size());
  }

  @Test
  void open_malformedNotes_areRefused() {
    List<String> bad =
        List.of(
            TEXT,
            TEXT + "\n",
            TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
            "\u0001" + TEXT + "\n" + PETER_SIG,
            TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
            TEXT + "\n" + PETER_SIG + "Unexpected line.\n");
    for (String note : bad) {
      assertReason(Reason.MALFORMED, note, List.of(PETER));
    }
  }

  @Test
  void open_invalidUtf8_isMalformed() {
    byte[] text = (TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[text.length + 1];
    bad[0] = (byte) 0xff;
    System.arraycopy(text, 0, bad, 1, text.length);

    NoteVerificationException e =
        assertThrows(NoteVerificationException.class, () -> NoteVerifier.open(bad, List.of(PETER)));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void parse_everyManglingOfReferenceKey_isRefused() {
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i <= PETER_VKEY.length(); i++) {
      for (int j = i + 1; j <= PETER_VKEY.length(); j++) {
        if (i != 0 || j != PETER_VKEY.length()) {
          parsesOrNot(PETER_VKEY.substring(i, j), accepted);
        }
      }
    }
    char[] chars = PETER_VKEY.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i]++;
      parsesOrNot(new String(chars), accepted);
      chars[i]--;
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void parse_keyWhoseBase64HoldsPlus_roundTrips() {
    NoteVerifierKey key = null;
    for (int seed = 0; key == null; seed++) {
      byte[] bytes = new byte[32];
      bytes[0] = (byte) seed;
      NoteVerifierKey candidate = NoteSigner.fromSeed("twinguard.example/audit", bytes).verifierKey();
      if (candidate.encode().split("\\+", 3)[2].contains("+")) {
        key = candidate;
      }
    }

    assertEquals(key, NoteVerifierKey.parse(key.encode()));
  }

  @Test
  void signerFromJcaKey_roundTripsThroughVerifier() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", new BouncyCastleProvider());
    KeyPair pair = generator.generateKeyPair();
    NoteSigner signer = NoteSigner.create("twinguard.example/audit", pair.getPrivate());

    NoteVerifierKey fromPublic = NoteVerifierKey.ofEd25519("twinguard.example/audit", pair.getPublic());
    SignedNote note = NoteVerifier.open(signer.sign("hello\n"), List.of(fromPublic));

    assertEquals(fromPublic, signer.verifierKey());
    assertEquals("hello\n", note.text());
  }

  @Test
  void sign_textWithoutFinalNewline_isRefused() {
    NoteSigner signer = NoteSigner.fromSeed("PeterNeumann", peterSeed());

    assertThrows(IllegalArgumentException.class, () -> signer.sign("abc"));
    assertThrows(IllegalArgumentException.class, () -> signer.sign("a\n\nb\n"));
  }

  private static byte[] peterSeed() {
    byte[] key = Base64.getDecoder().decode(PETER_SKEY_B64);
    assertEquals(1, key[0]);
    return Arrays.copyOfRange(key, 1, key.length);
  }

  private static void parsesOrNot(String text, List<String> accepted) {
    try {
      NoteVerifierKey.parse(text);
      accepted.add(text);
    } catch (IllegalArgumentException expected) {
      // refused, as it should be
    }
  }

  private static void assertReason(Reason want, String note, List<NoteVerifierKey> keys) {
    NoteVerificationException e =
        assertThrows(NoteVerificationException.class, () -> NoteVerifier.open(note, keys), note);
    assertEquals(want, e.reason(), note);
  }
}
