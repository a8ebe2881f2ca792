package io.twinguard.tests.consent;

import static io.twinguard.tests.consent.ConsentCity.await;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.twinguard.consent.portal.PortalBrowser;
import io.twinguard.signing.testing.DpopProofs;
import io.twinguard.signing.testing.Pkce;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A citizen app on the consent API, as a phone app would be: it gets the citizen's access token
 * from Keycloak with the authorization code flow (PKCE S256) of client {@code twinguard-web} in
 * the citizen's browser, which is logged in already, bound to the app's own key with DPoP (RFC
 * 9449), and calls the API with a fresh DPoP proof per request.
 */
final class CitizenApp {

  /** An answer of the API. */
  record Answer(int status, String body) {}

  private final WebClient web;
  private final ECKey key;
  private final String token;

  private CitizenApp(WebClient web, ECKey key, String token) {
    this.web = web;
    this.key = key;
    this.token = token;
  }

  /**
   * Signs in through the logged-in browser.
   *
   * @param issuer the realm
   * @param callback a URL Keycloak lets {@code twinguard-web} redirect to (the code is read from it)
   */
  static CitizenApp signIn(Vertx vertx, PortalBrowser browser, String issuer, String callback) throws Exception {
    Pkce pkce = Pkce.create();
    browser.driver().get(issuer + "/protocol/openid-connect/auth?client_id=twinguard-web&response_type=code"
        + "&scope=openid&state=app&code_challenge_method=S256&code_challenge=" + pkce.challenge()
        + "&redirect_uri=" + encode(callback));
    PortalBrowser.wait(browser.driver()).until(d -> d.getCurrentUrl().startsWith(callback));
    String code = Pkce.parameter(URI.create(browser.driver().getCurrentUrl()), "code");
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    WebClient web = WebClient.create(vertx, new WebClientOptions().setTrustAll(true).setVerifyHost(false));
    URI tokenEndpoint = URI.create(issuer + "/protocol/openid-connect/token");
    HttpResponse<Buffer> response = await(web.postAbs(tokenEndpoint.toString())
        .putHeader("dpop", DpopProofs.proof(key, "POST", DpopProofs.htu(tokenEndpoint), Instant.now(), null))
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", code)
            .add("redirect_uri", callback).add("client_id", "twinguard-web").add("code_verifier", pkce.verifier())));
    JsonObject body = response.bodyAsJsonObject();
    if (response.statusCode() != 200 || !"DPoP".equalsIgnoreCase(body.getString("token_type"))) {
      throw new AssertionError("Keycloak gave no DPoP token: " + response.statusCode() + " " + body);
    }
    return new CitizenApp(web, key, body.getString("access_token"));
  }

  /** Calls the API with the token and a DPoP proof for this request. */
  Answer call(HttpMethod method, String url) throws Exception {
    URI target = URI.create(url);
    HttpResponse<Buffer> response = await(web.requestAbs(method, url)
        .putHeader("authorization", "DPoP " + token)
        .putHeader("dpop", DpopProofs.proof(key, method.name(), DpopProofs.htu(target), Instant.now(), token))
        .send());
    return new Answer(response.statusCode(), response.bodyAsString());
  }

  /** Calls the API with the token as a plain bearer token, without its DPoP proof. */
  Answer callAsBearer(String url) throws Exception {
    HttpResponse<Buffer> response = await(web.getAbs(url).putHeader("authorization", "Bearer " + token).send());
    return new Answer(response.statusCode(), response.bodyAsString());
  }

  void close() {
    web.close();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
