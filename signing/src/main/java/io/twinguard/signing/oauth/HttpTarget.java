package io.twinguard.signing.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Compares a DPoP proof's {@code htu} with the request's target URI as RFC 9449 section 4.3
 * asks: without query and fragment, after RFC 3986 syntax-based normalization (scheme and host
 * case-insensitive, default ports, dot segments, an empty path as "/").
 */
final class HttpTarget {

  private HttpTarget() {}

  static boolean same(String htu, URI target) {
    URI proof;
    try {
      proof = new URI(htu);
    } catch (URISyntaxException e) {
      return false;
    }
    return proof.isAbsolute() && !proof.isOpaque() && target.isAbsolute() && !target.isOpaque()
        && normalized(proof).equals(normalized(target));
  }

  private static String normalized(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port == -1) {
      port = switch (scheme) {
        case "https" -> 443;
        case "http" -> 80;
        default -> -1;
      };
    }
    String path = uri.normalize().getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    return scheme + "://" + host + ":" + port + path;
  }
}
