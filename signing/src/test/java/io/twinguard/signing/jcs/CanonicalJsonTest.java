package io.twinguard.signing.jcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {

  /** The vector files of cyberphone/json-canonicalization, copied with their LICENSE. */
  static Stream<String> vectors() {
    return Stream.of("arrays", "french", "structures", "unicode", "values", "weird");
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void canonicalize_rfc8785Vector_matchesExpectedBytes(String name) throws IOException {
    byte[] input = resource("input/" + name + ".json");
    byte[] expected = resource("output/" + name + ".json");

    assertArrayEquals(expected, CanonicalJson.canonicalize(input), name);
  }

  @Test
  void canonicalize_sortsKeysAndDropsWhitespace() {
    byte[] out = CanonicalJson.canonicalize("{ \"b\": 1.0, \"a\": [true, null, 1e3] }");

    assertEquals("{\"a\":[true,null,1000],\"b\":1}", new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void canonicalize_invalidJson_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize("{\"a\":"));
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = CanonicalJsonTest.class.getResourceAsStream("/rfc8785-jcs/" + path)) {
      if (in == null) {
        throw new IOException("test vector missing: rfc8785-jcs/" + path);
      }
      return in.readAllBytes();
    }
  }
}
