package io.twinguard.tests.identity;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.twinguard.signing.testing.DpopProofs;
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
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * The Keycloak that {@code scripts/keycloak.sh start} runs (in {@code $KEYCLOAK_DIR}, else
 * {@code .keycloak/}), read from the files the script writes: where the realm answers and the
 * client secrets it set. A test that needs it fails, never skips, when it is not running.
 */
final class TestKeycloak {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final Path dir;
  private final Properties where;
  private final Properties credentials;

  private TestKeycloak(Path dir, Properties where, Properties credentials) {
    this.dir = dir;
    this.where = where;
    this.credentials = credentials;
  }

  /** The running Keycloak, or an AssertionError saying how to start it. */
  static TestKeycloak running() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();
    String configured = System.getenv("KEYCLOAK_DIR");
    return in(configured == null || configured.isBlank() ? root.resolve(".keycloak") : root.resolve(configured));
  }

  /** The Keycloak the script runs in {@code dir}, or an AssertionError saying how to start it. */
  static TestKeycloak in(Path dir) throws IOException, InterruptedException {
    Path properties = dir.resolve("keycloak.properties");
    if (!Files.isRegularFile(properties)) {
      throw new AssertionError("no Keycloak in " + dir + ": run scripts/keycloak.sh start (scripts/test.sh does)");
    }
    TestKeycloak keycloak = new TestKeycloak(dir, load(properties), load(dir.resolve("credentials.properties")));
    HttpResponse<String> discovery = get(URI.create(keycloak.where.getProperty("discovery")));
    if (discovery.statusCode() != 200) {
      throw new AssertionError("the realm's discovery document answers " + discovery.statusCode()
          + ": run scripts/keycloak.sh start");
    }
    return keycloak;
  }

  String issuer() {
    return where.getProperty("issuer");
  }

  String audience() {
    return where.getProperty("audience");
  }

  /** Where Keycloak answers, {@code http://127.0.0.1:<port>}. */
  String url() {
    return where.getProperty("url");
  }

  /** The password of every example user (alice, bob, audrey, paula, otto), as the script set it. */
  String userPassword() {
    String password = credentials.getProperty("user.password");
    if (password == null) {
      throw new AssertionError("no user.password in credentials.properties");
    }
    return password;
  }

  /** The bootstrap administrator's password of the master realm, which the script made. */
  String adminPassword() throws IOException {
    return Files.readString(dir.resolve("admin-password")).strip();
  }

  URI tokenEndpoint() {
    return URI.create(where.getProperty("token"));
  }

  /** The files of the test CA Keycloak trusts for client certificates (made by the script). */
  Path clientCaKey() {
    String key = where.getProperty("tls.client.ca.key");
    if (key == null) {
      throw new AssertionError("Keycloak trusts a CA whose key the script does not hold (KEYCLOAK_CLIENT_CA)");
    }
    return Path.of(key);
  }

  Path clientCaCertificate() {
    return Path.of(where.getProperty("tls.client.ca"));
  }

  Path serverCaCertificate() {
    return Path.of(where.getProperty("tls.ca"));
  }

  JWKSet keys() throws IOException, InterruptedException, ParseException {
    HttpResponse<String> response = get(URI.create(where.getProperty("jwks")));
    if (response.statusCode() != 200) {
      throw new AssertionError("JWKS answered " + response.statusCode());
    }
    return JWKSet.parse(response.body());
  }

  /**
   * A client-credentials token for {@code clientId}: DPoP-bound to {@code dpopKey} when it is
   * given (the proof built here with nimbus), a plain bearer token otherwise.
   */
  String clientCredentialsToken(String clientId, ECKey dpopKey) throws Exception {
    return clientCredentialsToken(HTTP, tokenEndpoint(), clientId, dpopKey);
  }

  /** A client-credentials token asked for over HTTPS with the twin's TLS client certificate. */
  String certificateBoundToken(String clientId, TwinCertificate twin) throws Exception {
    HttpClient mtls = HttpClient.newBuilder().sslContext(twin.tls())
        .connectTimeout(Duration.ofSeconds(10)).build();
    return clientCredentialsToken(mtls, URI.create(where.getProperty("mtls.token")), clientId, null);
  }

  private String clientCredentialsToken(HttpClient client, URI endpoint, String clientId, ECKey dpopKey)
      throws Exception {
    String secret = credentials.getProperty("client." + clientId + ".secret");
    if (secret == null) {
      throw new AssertionError("no secret for client " + clientId + " in credentials.properties");
    }
    String form = "grant_type=client_credentials&client_id=" + encode(clientId)
        + "&client_secret=" + encode(secret);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (dpopKey != null) {
      request.header("DPoP", proof(dpopKey, "POST", endpoint, Instant.now(), null));
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    Object token = JSONObjectUtils.parse(response.body()).get("access_token");
    if (!(token instanceof String accessToken)) {
      throw new AssertionError("no access_token in the token response");
    }
    return accessToken;
  }

  /** An RFC 9449 proof signed with nimbus (ES256), with {@code ath} when a token is given. */
  static String proof(ECKey key, String method, URI target, Instant iat, String accessToken) {
    return DpopProofs.proof(key, method, target.toString(), iat, accessToken);
  }


  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new AssertionError("Keycloak does not answer at " + uri + ": run scripts/keycloak.sh start", e);
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
