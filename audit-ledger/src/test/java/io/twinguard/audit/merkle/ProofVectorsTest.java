package io.twinguard.audit.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every RFC 9162 vector of transparency-dev/merkle (test resources rfc9162-merkle, Apache-2.0)
 * and reports every miss before asserting.
 */
class ProofVectorsTest {

  @Test
  void verifyInclusion_everyVector_givesExpectedResult() {
    List<Path> files = vectors("inclusion");
    List<String> misses = new ArrayList<>();
    for (Path file : files) {
      JsonObject v = read(file);
      boolean failed = false;
      try {
        ProofVerifier.verifyInclusion(
            v.getLong("leafIdx"),
            v.getLong("treeSize"),
            bytes(v.getString("leafHash")),
            hashes(v.getJsonArray("proof")),
            bytes(v.getString("root")));
      } catch (ProofException e) {
        failed = true;
      }
      if (failed != v.getBoolean("wantErr")) {
        misses.add(file + ": " + v.getString("desc") + " wantErr=" + v.getBoolean("wantErr"));
      }
    }
    assertEquals(List.of(), misses);
    assertTrue(files.size() > 50, "found only " + files.size() + " inclusion vectors");
  }

  @Test
  void verifyConsistency_everyVector_givesExpectedResult() {
    List<Path> files = vectors("consistency");
    List<String> misses = new ArrayList<>();
    for (Path file : files) {
      JsonObject v = read(file);
      boolean failed = false;
      try {
        ProofVerifier.verifyConsistency(
            v.getLong("size1"),
            v.getLong("size2"),
            hashes(v.getJsonArray("proof")),
            bytes(v.getString("root1")),
            bytes(v.getString("root2")));
      } catch (ProofException e) {
        failed = true;
      }
      if (failed != v.getBoolean("wantErr")) {
        misses.add(file + ": " + v.getString("desc") + " wantErr=" + v.getBoolean("wantErr"));
      }
    }
    assertEquals(List.of(), misses);
    assertTrue(files.size() > 50, "found only " + files.size() + " consistency vectors");
  }

  private static List<Path> vectors(String kind) {
    try {
      Path dir = Path.of(ProofVectorsTest.class.getResource("/rfc9162-merkle/" + kind).toURI());
      try (Stream<Path> walk = Files.walk(dir)) {
        return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String base64) {
    return base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
  }

  private static List<byte[]> hashes(JsonArray array) {
    List<byte[]> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(bytes(array.getString(i)));
      }
    }
    return out;
  }
}
