package io.twinguard.examples.usecases;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.twinguard.signing.testing.DpopProofs;
import io.twinguard.signing.testing.Pkce;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A citizen app signed in at the realm {@code twinguard} of the Keycloak scripts/test.sh starts:
 * the authorization code flow with PKCE S256 of the public client {@code twinguard-web}, the user
 * agent being this class (Keycloak's login form posted as a browser would, the code read from the
 * redirect to a registered URI, which is never fetched), the token bound to the app's own key with
 * DPoP (RFC 9449), and a fresh DPoP proof per request.
 */
final class KeycloakCitizen implements CitizenApp {

  /** Where scripts/keycloak.sh serves the realm. */
  static final URI ISSUER = URI.create("http://127.0.0.1:18080/realms/twinguard");

  /** A redirect URI the realm registers for twinguard-web; the code is read from the redirect to it. */
  private static final String CALLBACK = "https://127.0.0.1:8443/app-callback";

  private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>");
  private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

  private final WebClient web;
  private final ECKey key;
  private final String token;

  private KeycloakCitizen(WebClient web, ECKey key, String token) {
    this.web = web;
    this.key = key;
    this.token = token;
  }

  /** Whether the realm's discovery document answers. */
  static boolean reachable() {
    try {
      return http().send(HttpRequest.newBuilder(URI.create(ISSUER + "/.well-known/openid-configuration"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Signs {@code user} in and gets a DPoP-bound access token. */
  static KeycloakCitizen signIn(Vertx vertx, String user, String password) throws Exception {
    HttpClient http = http();
    List<String> cookies = new ArrayList<>();
    Pkce pkce = Pkce.create();
    URI auth = URI.create(ISSUER + "/protocol/openid-connect/auth?client_id=twinguard-web&response_type=code"
        + "&scope=openid&state=uc6&code_challenge_method=S256&code_challenge="
        + pkce.challenge() + "&redirect_uri=" + encode(CALLBACK));
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(auth).build(), HttpResponse.BodyHandlers.ofString());
    keep(page, cookies);
    Matcher form = LOGIN_FORM.matcher(page.body());
    if (page.statusCode() != 200 || !form.find()) {
      throw new AssertionError("Keycloak showed no login form: " + page.statusCode() + " " + page.body());
    }
    Matcher action = ACTION.matcher(form.group());
    if (!action.find()) {
      throw new AssertionError("the login form has no action: " + form.group());
    }
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
        .header("content-type", "application/x-www-form-urlencoded").header("cookie", String.join("; ", cookies))
        .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(user) + "&password=" + encode(password)
            + "&credentialId="))
        .build(), HttpResponse.BodyHandlers.ofString());
    String location = login.headers().firstValue("location").orElse("");
    if (login.statusCode() != 302 || !location.startsWith(CALLBACK)) {
      throw new AssertionError("Keycloak did not log " + user + " in: " + login.statusCode() + " " + location);
    }
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    URI tokenEndpoint = URI.create(ISSUER + "/protocol/openid-connect/token");
    HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(tokenEndpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("dpop", DpopProofs.proof(key, "POST", DpopProofs.htu(tokenEndpoint), Instant.now(), null))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=twinguard-web"
            + "&code=" + encode(Pkce.parameter(URI.create(location), "code")) + "&redirect_uri=" + encode(CALLBACK)
            + "&code_verifier=" + pkce.verifier()))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonObject body = new JsonObject(tokens.body());
    if (tokens.statusCode() != 200 || !"DPoP".equalsIgnoreCase(body.getString("token_type"))) {
      throw new AssertionError("Keycloak gave no DPoP token: " + tokens.statusCode() + " " + body);
    }
    // the broker's certificate comes from the city's fresh ecosystem CA, made after this sign-in
    WebClient web = WebClient.create(vertx, new WebClientOptions().setTrustAll(true).setVerifyHost(false));
    return new KeycloakCitizen(web, key, body.getString("access_token"));
  }

  @Override
  public Future<Answer> send(HttpMethod method, URI url) {
    String proof;
    try {
      proof = DpopProofs.proof(key, method.name(), DpopProofs.htu(url), Instant.now(), token);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return web.requestAbs(method, url.toString()).putHeader("authorization", "DPoP " + token)
        .putHeader("dpop", proof).send().map(r -> new Answer(r.statusCode(), r.bodyAsString() == null ? "" : r.bodyAsString()));
  }

  void close() {
    web.close();
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Keeps the name=value of every cookie Keycloak set (its login session), as a user agent does. */
  private static void keep(HttpResponse<?> response, List<String> cookies) {
    response.headers().allValues("set-cookie").forEach(c -> cookies.add(c.split(";", 2)[0]));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
