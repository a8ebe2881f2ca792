package io.twinguard.signing.ca;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SPIFFE ID, {@code spiffe://<trust domain>/<path>}, checked against the SPIFFE-ID
 * specification: lower-case scheme {@code spiffe}, a valid trust domain, no port, user info, query
 * or fragment, and a path of non-empty segments made of letters, digits, '.', '-' and '_' that are
 * neither {@code .} nor {@code ..}. Twin identities always have a path.
 *
 * @param trustDomain the trust domain
 * @param path the path, starting with '/'
 */
public record SpiffeId(TrustDomain trustDomain, String path) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final String PREFIX = "spiffe://";

  /** @throws IllegalArgumentException when the path is not a valid SPIFFE ID path */
  public SpiffeId {
    Objects.requireNonNull(trustDomain, "trustDomain");
    checkPath(path);
  }

  /**
   * Parses a SPIFFE ID.
   *
   * @throws IllegalArgumentException with a message naming the rule that the text breaks
   */
  public static SpiffeId parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a SPIFFE ID (scheme must be spiffe://): " + text);
    }
    String rest = text.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("SPIFFE ID has no path: " + text);
    }
    String authority = rest.substring(0, slash);
    if (authority.contains(":") || authority.contains("@")) {
      throw new IllegalArgumentException("SPIFFE ID must not carry a port or user info: " + text);
    }
    if (rest.contains("?") || rest.contains("#")) {
      throw new IllegalArgumentException("SPIFFE ID must not carry a query or fragment: " + text);
    }
    return new SpiffeId(new TrustDomain(authority), rest.substring(slash));
  }

  /** The SPIFFE ID as a URI. */
  public URI toUri() {
    return URI.create(toString());
  }

  @Override
  public String toString() {
    return PREFIX + trustDomain.name() + path;
  }

  private static void checkPath(String path) {
    if (path == null || !path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException("SPIFFE ID path must start with '/' and not be empty: " + path);
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || !SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("invalid SPIFFE ID path segment '" + segment + "' in " + path);
      }
    }
  }
}
