package io.twinguard.tests.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keycloak's admin REST API as the bootstrap administrator of the test instance: a test rotates the
 * realm's RS256 key by adding an {@code rsa-generated} key provider of a higher priority than the
 * realm's own, and removes it again.
 */
final class KeycloakAdmin {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final TestKeycloak keycloak;
  private final String bearer;

  private KeycloakAdmin(TestKeycloak keycloak, String bearer) {
    this.keycloak = keycloak;
    this.bearer = bearer;
  }

  static KeycloakAdmin login(TestKeycloak keycloak) throws Exception {
    String form = "grant_type=password&client_id=admin-cli&username=admin&password="
        + URLEncoder.encode(keycloak.adminPassword(), StandardCharsets.UTF_8);
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(keycloak.url() + "/realms/master/protocol/openid-connect/token"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("the administrator's login answered " + response.statusCode());
    }
    return new KeycloakAdmin(keycloak, "Bearer " + JSONObjectUtils.parse(response.body()).get("access_token"));
  }

  /** Adds a new RS256 key that Keycloak signs with from now on; returns its provider's id. */
  String rotateRsaKey() throws Exception {
    String realmId = (String) JSONObjectUtils.parse(send(HttpRequest.newBuilder(admin("")).GET(), 200).body())
        .get("id");
    String component = JSONObjectUtils.toJSONString(Map.of(
        "name", "rotated-" + UUID.randomUUID(),
        "providerId", "rsa-generated",
        "providerType", "org.keycloak.keys.KeyProvider",
        "parentId", realmId,
        "config", Map.of("priority", List.of("1000"), "enabled", List.of("true"), "active", List.of("true"),
            "keySize", List.of("2048"), "algorithm", List.of("RS256"))));
    HttpResponse<String> created = send(HttpRequest.newBuilder(admin("/components"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(component)), 201);
    String location = created.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Removes the key provider {@link #rotateRsaKey} added: the realm signs with its own key again. */
  void remove(String providerId) throws Exception {
    send(HttpRequest.newBuilder(admin("/components/" + providerId)).DELETE(), 204);
  }

  private URI admin(String path) {
    return URI.create(keycloak.issuer().replace("/realms/", "/admin/realms/") + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
    HttpResponse<String> response = HTTP.send(request.header("Authorization", bearer)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new AssertionError("the admin API answered " + response.statusCode() + ": " + response.body());
    }
    return response;
  }
}
