package io.twinguard.signing.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test resources from the class path; a missing one fails the test loudly. */
public final class TestResources {

  private TestResources() {}

  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  public static byte[] bytes(String path) {
    try (InputStream in = TestResources.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
