package io.twinguard.signing.testing;

import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The client's side of an OAuth authorization code flow with PKCE (RFC 7636, method S256), for the
 * tests that sign a citizen in at Keycloak: a fresh verifier, its challenge, and a parameter read
 * from the redirect the code comes back on.
 *
 * @param verifier the code verifier, sent with the token request
 * @param challenge its S256 challenge, sent with the authorization request
 */
public record Pkce(String verifier, String challenge) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A verifier of 32 random bytes (43 characters, base64url) and its challenge. */
  public static Pkce create() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String verifier = Base64URL.encode(random).toString();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return new Pkce(verifier, Base64URL.encode(digest).toString());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * A query parameter of a redirect, decoded.
   *
   * @throws AssertionError when the redirect has no such parameter
   */
  public static String parameter(URI redirect, String name) {
    String query = redirect.getRawQuery();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + redirect);
  }
}
