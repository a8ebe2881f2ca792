package io.twinguard.common.settings;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where {@code policy.bundle} says the policies come from: files on disk or a bundle server.
 * Whether a path is a directory or a {@code .tar.gz} file is a question for the reader at load
 * time, not for the settings.
 */
public sealed interface BundleLocation {

  /** A bundle directory or a {@code .tar.gz} bundle file. */
  record OnDisk(Path path) implements BundleLocation {}

  /** A bundle server: an absolute http or https URL answering with a {@code .tar.gz} bundle. */
  record Server(URI url) implements BundleLocation {}

  /**
   * Reads a {@code policy.bundle} value: an http(s) URL is a server, anything else a path.
   *
   * @throws IllegalArgumentException when the value looks like a URL but is not an absolute
   *     http or https one
   */
  static BundleLocation parse(String value) {
    if (!value.contains("://")) {
      return new OnDisk(Path.of(value));
    }
    URI url;
    try {
      url = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getReason(), e);
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("a bundle server URL must be absolute http or https");
    }
    return new Server(url);
  }
}
