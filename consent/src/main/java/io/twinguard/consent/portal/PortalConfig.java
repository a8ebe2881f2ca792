package io.twinguard.consent.portal;

import java.net.URI;

/**
 * Where the portal is and which Keycloak it logs people in with.
 *
 * @param issuer the Keycloak realm's issuer URL ({@code http://127.0.0.1:18080/realms/twinguard})
 * @param clientId the public client of the web pages ({@code twinguard-web}, PKCE S256)
 * @param publicUrl the portal's address as browsers reach it, mount path included, without a
 *     trailing slash ({@code https://127.0.0.1:8443/consent}); the login callback is below it
 * @param jurisdiction for Kantara receipts, such as {@code EU}
 * @param policyUrl the controller's privacy policy, for Kantara receipts
 * @throws IllegalArgumentException when a URL is not absolute or the public URL is not HTTPS
 */
public record PortalConfig(URI issuer, String clientId, URI publicUrl, String jurisdiction, String policyUrl) {

  public PortalConfig {
    if (issuer == null || !issuer.isAbsolute() || publicUrl == null || !"https".equals(publicUrl.getScheme())
        || publicUrl.toString().endsWith("/") || clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("the portal needs an absolute issuer, a client id and an https public URL"
          + " without a trailing slash");
    }
  }

  /** The OAuth callback the router serves, below the public URL. */
  public String callbackUrl() {
    return publicUrl + "/callback";
  }
}
