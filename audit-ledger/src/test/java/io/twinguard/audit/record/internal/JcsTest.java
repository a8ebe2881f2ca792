package io.twinguard.audit.record.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JcsTest {

  /**
   * The vector files of cyberphone/json-canonicalization (RFC 8785's), copied with their LICENSE.
   * Every one falls inside the writer's value model once Vert.x has parsed it.
   */
  static Stream<String> vectors() {
    return Stream.of("arrays", "french", "structures", "unicode", "values", "weird");
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void value_rfc8785Vector_matchesExpectedBytes(String name) throws IOException {
    Object parsed = Json.decodeValue(new String(resource("input/" + name + ".json"), StandardCharsets.UTF_8));

    assertArrayEquals(resource("output/" + name + ".json"), canonical(parsed), name);
  }

  @Test
  void string_everyCharBelow0x80_isEscapedAsRfc8785Says() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    String json = new JsonArray().add(all.toString() + "\u2028\u00e9\ud83d\ude02").encode();

    assertArrayEquals(CanonicalJson.canonicalize(json), canonical(new JsonArray(json)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud800", "a\udc00", "\ude02\ud83d"})
  void string_unpairedSurrogate_throws(String s) {
    assertThrows(IllegalArgumentException.class, () -> Jcs.string(new StringBuilder(), s));
  }

  @Test
  void number_randomDoublesAndIntegers_matchCanonicalJson() {
    Random random = new Random(8785);
    for (int i = 0; i < 20_000; i++) {
      Object n = switch (i % 6) {
        case 0 -> Double.longBitsToDouble(random.nextLong());
        case 1 -> random.nextLong();
        case 2 -> (long) random.nextInt();
        case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
        case 4 -> (double) (random.nextLong() >> random.nextInt(64));
        default -> (float) random.nextGaussian();
      };
      if (n instanceof Double d && !Double.isFinite(d)) {
        continue;
      }
      String text = new JsonArray().add(n).encode();
      assertEquals(new String(CanonicalJson.canonicalize(text), StandardCharsets.UTF_8),
          new String(canonical(new JsonArray().add(n)), StandardCharsets.UTF_8), text);
    }
  }

  @Test
  void number_edgeValues_areTheirEcmaScriptForms() {
    assertEquals("[0,0,9007199254740992,-9007199254740992,9007199254740994,1e+21,1e-7,0.1,1,5e-324]",
        new String(canonical(new JsonArray().add(0).add(-0.0).add(1L << 53).add(-(1L << 53))
            .add((1L << 53) + 2).add(1e21).add(1e-7).add(new BigDecimal("0.1"))
            .add(BigInteger.ONE).add(Double.MIN_VALUE)), StandardCharsets.UTF_8));
  }

  @Test
  void value_notJson_throws() {
    assertThrows(IllegalArgumentException.class, () -> canonical(new JsonArray().add(Double.NaN)));
    assertThrows(IllegalArgumentException.class,
        () -> Jcs.value(new StringBuilder(), new java.util.concurrent.atomic.AtomicLong()));
    assertThrows(IllegalArgumentException.class, () -> Jcs.value(new StringBuilder(), new Object()));
  }

  @Test
  void value_nestedPlainMapsAndLists_areWrittenAsObjectsAndArrays() {
    JsonObject object = new JsonObject().put("z", java.util.Map.of("b", 1, "a", java.util.List.of(true)));

    assertEquals("{\"z\":{\"a\":[true],\"b\":1}}", new String(canonical(object), StandardCharsets.UTF_8));
  }

  private static byte[] canonical(Object value) {
    StringBuilder out = new StringBuilder();
    Jcs.value(out, value);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = JcsTest.class.getResourceAsStream("/rfc8785-jcs/" + path)) {
      if (in == null) {
        throw new IOException("test vector missing: rfc8785-jcs/" + path);
      }
      return in.readAllBytes();
    }
  }
}
