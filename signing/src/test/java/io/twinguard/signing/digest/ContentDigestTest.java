package io.twinguard.signing.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Vectors from RFC 9530 (section 2, Appendix B, Appendix D) and RFC 9421's test messages. The
 * test-response of RFC 9421 Appendix B.2 prints a Content-Digest that does not match its body;
 * the signature base of B.2.4 carries the right one, used here.
 */
class ContentDigestTest {

  private static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] HELLO_LF = "{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void create_rfc9530AppendixD_sha256AndSha512OfHelloWorld() {
    assertEquals("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+"
            + "AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
        ContentDigest.create(HELLO, DigestAlgorithm.SHA_512));
    assertEquals("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
        ContentDigest.create(HELLO, DigestAlgorithm.SHA_256));
  }

  @Test
  void create_rfc9530Section2_sha512OfHelloWorldWithNewline() {
    assertEquals("sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCs"
            + "yRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:",
        ContentDigest.create(HELLO_LF, DigestAlgorithm.SHA_512));
  }

  @Test
  void create_twoAlgorithms_isDictionaryInGivenOrder() {
    assertEquals("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, "
            + "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCs"
            + "yRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:",
        ContentDigest.create(HELLO_LF, DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_512));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "B.1 full representation | {\"hello\": \"world\"}\\n | sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:",
      "B.2 empty content        |                         | sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
      "B.3 partial content      | \"world\"}\\n            | sha-256=:jjcgBDWNAtbYUXI37CVG3gRuGOAjaaDRGpIUFsdyepQ=:",
      "RFC 9421 test-request    | {\"hello\": \"world\"}   | sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
      "RFC 9421 B.2.4 response  | {\"message\": \"good dog\"} | sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:"})
  void verify_publishedExample_matches(String name, String content, String field) throws Exception {
    byte[] bytes = (content == null ? "" : content.replace("\\n", "\n")).getBytes(StandardCharsets.UTF_8);

    Set<DigestAlgorithm> checked = ContentDigest.verify(field, bytes);

    assertEquals(1, checked.size(), name);
  }

  @Test
  void verify_unknownAlgorithmBesideKnownOne_checksTheKnownOne() throws Exception {
    String field = "md5=:Sd/dVLAcvNLSq16eXua5uQ==:, sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";

    assertEquals(Set.of(DigestAlgorithm.SHA_256), ContentDigest.verify(field, HELLO));
  }

  @Test
  void verify_changedContent_isMismatch() {
    String field = ContentDigest.create(HELLO, DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_512);

    ContentDigestException e = assertThrows(ContentDigestException.class,
        () -> ContentDigest.verify(field, HELLO_LF));

    assertEquals(ContentDigestException.Reason.MISMATCH, e.reason());
  }

  @Test
  void verify_onlyUnsupportedAlgorithms_isNoSupportedAlgorithm() {
    ContentDigestException e = assertThrows(ContentDigestException.class,
        () -> ContentDigest.verify("md5=:Sd/dVLAcvNLSq16eXua5uQ==:", HELLO));

    assertEquals(ContentDigestException.Reason.NO_SUPPORTED_ALGORITHM, e.reason());
  }

  @Test
  void verify_notADictionaryOfByteSequences_isMalformed() {
    assertEquals(ContentDigestException.Reason.MALFORMED, assertThrows(ContentDigestException.class,
        () -> ContentDigest.verify("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", HELLO)).reason());
    assertEquals(ContentDigestException.Reason.MALFORMED, assertThrows(ContentDigestException.class,
        () -> ContentDigest.verify("sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"", HELLO)).reason());
  }
}
