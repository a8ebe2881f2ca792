package io.twinguard.signing.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  static final byte[] ROOT = Base64.getDecoder().decode("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");

  @Test
  void text_isOriginSizeRootEachOnALine() {
    Checkpoint checkpoint = new Checkpoint("example.com/log", 0, ROOT);

    assertEquals(
        "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", checkpoint.text());
  }

  @Test
  void parse_roundTripsTextWithExtensions() {
    Checkpoint checkpoint = new Checkpoint("example.com/log", 42, ROOT, List.of("ext one"));

    Checkpoint parsed = Checkpoint.parse(checkpoint.text());

    assertEquals(checkpoint, parsed);
    assertArrayEquals(ROOT, parsed.rootHash());
    assertEquals(List.of("ext one"), parsed.extensions());
  }

  @Test
  void parse_malformedText_isRefusedWithReason() {
    String root = Base64.getEncoder().encodeToString(ROOT);
    List<String> bad =
        List.of(
            "example.com/log\n1\n" + root,
            "example.com/log\n01\n" + root + "\n",
            "example.com/log\n-1\n" + root + "\n",
            "example.com/log\n1\n",
            "example.com/log\n1\nnot base64!\n",
            "example.com/log\n1\nAAAA\n",
            "\n1\n" + root + "\n",
            "example.com/log\n1\n" + root + "\n\n");
    for (String text : bad) {
      assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(text), text);
    }
  }
}
