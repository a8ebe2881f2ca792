package io.twinguard.consent.portal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The Keycloak {@code scripts/keycloak.sh start} runs ({@code $KEYCLOAK_DIR}, else {@code
 * .keycloak/}), read from the files the script writes. A test that needs it fails, never skips,
 * when it is not running.
 */
public final class TestKeycloak {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Path dir;
  private final Properties where;
  private final Properties credentials;

  private TestKeycloak(Path dir, Properties where, Properties credentials) {
    this.dir = dir;
    this.where = where;
    this.credentials = credentials;
  }

  public static TestKeycloak running() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();
    String configured = System.getenv("KEYCLOAK_DIR");
    Path dir = configured == null || configured.isBlank() ? root.resolve(".keycloak") : root.resolve(configured);
    if (!Files.isRegularFile(dir.resolve("keycloak.properties"))) {
      throw new AssertionError("no Keycloak in " + dir + ": run scripts/keycloak.sh start (scripts/test.sh does)");
    }
    TestKeycloak keycloak = new TestKeycloak(dir, load(dir.resolve("keycloak.properties")),
        load(dir.resolve("credentials.properties")));
    HttpResponse<String> discovery = send(HttpRequest.newBuilder(URI.create(keycloak.where.getProperty("discovery"))));
    if (discovery.statusCode() != 200) {
      throw new AssertionError("the realm answers " + discovery.statusCode() + ": run scripts/keycloak.sh start");
    }
    return keycloak;
  }

  public String issuer() {
    return where.getProperty("issuer");
  }

  public String password(String user) {
    // keycloak.sh gives every example user the same password (KEYCLOAK_USER_PASSWORD or a random one)
    String password = credentials.getProperty("user." + user + ".password", credentials.getProperty("user.password"));
    if (password == null) {
      throw new AssertionError("no password for " + user + " in credentials.properties");
    }
    return password;
  }

  /**
   * Lets the web pages' client redirect to {@code origin} (the test server's port is chosen at
   * start), through the admin REST API with the bootstrap administrator the script made.
   */
  public void allowRedirect(String origin) throws IOException, InterruptedException {
    String url = where.getProperty("url");
    String form = "grant_type=password&client_id=admin-cli&username=admin&password="
        + URLEncoder.encode(Files.readString(dir.resolve("admin-password")).strip(), StandardCharsets.UTF_8);
    HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(url + "/realms/master/protocol/openid-connect/token"))
        .header("content-type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    String bearer = "Bearer " + new JsonObject(token.body()).getString("access_token");
    URI clients = URI.create(url + "/admin/realms/twinguard/clients?clientId=twinguard-web");
    JsonObject client = new JsonArray(send(HttpRequest.newBuilder(clients).header("authorization", bearer)).body())
        .getJsonObject(0);
    JsonArray redirects = client.getJsonArray("redirectUris");
    if (!redirects.contains(origin + "/*")) {
      redirects.add(origin + "/*");
      client.getJsonArray("webOrigins").add(origin);
      HttpResponse<String> put = send(HttpRequest.newBuilder(
              URI.create(url + "/admin/realms/twinguard/clients/" + client.getString("id")))
          .header("authorization", bearer).header("content-type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(client.encode())));
      if (put.statusCode() / 100 != 2) {
        throw new AssertionError("Keycloak refused the redirect URI: " + put.statusCode());
      }
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }
}
