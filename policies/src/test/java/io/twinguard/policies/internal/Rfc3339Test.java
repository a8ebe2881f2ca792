package io.twinguard.policies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.TestSupport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our time.parse_rfc3339_ns against the pinned OPA's, case by case. */
class Rfc3339Test {

  private static final List<String> CASES = List.of(
      "2026-11-24T09:30:00Z",
      "2026-11-24T09:30:00.123456789Z",
      "2026-11-24T09:30:00.1234567891234Z",
      "2026-11-24T09:30:00,5Z",
      "2026-11-24T09:30:00+02:00",
      "2026-11-24T09:30:00-05:30",
      "2026-11-24T09:30:00+24:00",
      "2026-11-24T09:30:00+25:00",
      "2026-11-24T9:30:00Z",
      "2026-11-24t09:30:00Z",
      "2026-11-24T09:30:00z",
      "2026-11-24 09:30:00Z",
      "2026-11-24T09:30:60Z",
      "2026-11-24T24:00:00Z",
      "2026-02-29T00:00:00Z",
      "2024-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-1-01T00:00:00Z",
      "26-11-24T09:30:00Z",
      "2026-11-24T09:30:00",
      "2026-11-24T09:30:00Z ",
      "2026-11-24T09:30:00.Z",
      "1677-09-21T00:12:43.145224192Z",
      "1677-09-21T00:12:43.145224191Z",
      "2262-04-11T23:47:16.854775807Z",
      "2262-04-11T23:47:16.854775808Z",
      "0000-01-01T00:00:00Z",
      "next year",
      "");

  @Test
  void parseNanos_everyCase_matchesOpa(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("cases.json");
    Files.writeString(input, new JsonArray(CASES).encode(), StandardCharsets.UTF_8);
    Process opa = new ProcessBuilder(TestSupport.opa().toString(), "eval", "--format", "raw", "-i", input.toString(),
        "{s: time.parse_rfc3339_ns(s) | some s in input}").redirectErrorStream(true).start();
    String output = new String(opa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, opa.waitFor(), output);
    JsonObject expected = new JsonObject(output);
    assertTrue(expected.size() > 5 && expected.size() < CASES.size(), "the cases include both outcomes");

    List<String> misses = new ArrayList<>();
    for (String text : CASES) {
      OptionalLong actual = Rfc3339.parseNanos(text);
      Long want = expected.getLong(text);
      OptionalLong wanted = want == null ? OptionalLong.empty() : OptionalLong.of(want);
      if (!wanted.equals(actual)) {
        misses.add("'" + text + "': opa " + wanted + ", ours " + actual);
      }
    }
    assertEquals(List.of(), misses);
  }
}
