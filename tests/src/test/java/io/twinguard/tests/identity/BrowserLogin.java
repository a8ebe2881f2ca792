package io.twinguard.tests.identity;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * A person logging in to the real Keycloak as a browser does, through the web pages' public client
 * {@code twinguard-web}: authorization code with PKCE (S256), the realm's login form filled in
 * with the user's name and password, and the code exchanged for a DPoP-bound access token (the
 * proof made with the person's key). The redirect to the web pages is read, not followed.
 */
final class BrowserLogin {

  static final String CLIENT = "twinguard-web";
  static final String REDIRECT = "https://127.0.0.1:8443/callback";

  private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
  private static final SecureRandom RANDOM = new SecureRandom();

  private BrowserLogin() {}

  /** The access token {@code username} gets by logging in, DPoP-bound to {@code key}. */
  static String token(TestKeycloak keycloak, String username, ECKey key) throws Exception {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String verifier = Base64URL.encode(secret).toString();
    String challenge = Base64URL.encode(MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII))).toString();
    URI authorize = URI.create(keycloak.issuer() + "/protocol/openid-connect/auth?client_id=" + CLIENT
        + "&response_type=code&scope=openid&redirect_uri=" + encode(REDIRECT) + "&state=" + Base64URL.encode(
            secret).toString().substring(0, 8) + "&code_challenge=" + challenge + "&code_challenge_method=S256");
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(authorize).GET().timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    Matcher action = FORM_ACTION.matcher(page.body());
    if (page.statusCode() != 200 || !action.find()) {
      throw new AssertionError("the login page answered " + page.statusCode() + " without the login form");
    }
    // Keycloak's session cookies are Secure; a browser sends them to a loopback origin over plain
    // HTTP, java.net's CookieManager does not, so they are sent back by hand
    String cookies = page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
        .collect(Collectors.joining("; "));
    HttpResponse<String> loggedIn = browser.send(form(URI.create(action.group(1).replace("&amp;", "&")),
        "username=" + encode(username) + "&password=" + encode(keycloak.userPassword()) + "&credentialId=", cookies),
        HttpResponse.BodyHandlers.ofString());
    String location = loggedIn.headers().firstValue("Location").orElse("");
    Matcher code = CODE.matcher(location);
    if (loggedIn.statusCode() != 302 || !location.startsWith(REDIRECT) || !code.find()) {
      throw new AssertionError("the login of " + username + " answered " + loggedIn.statusCode() + " without a code");
    }
    HttpRequest exchange = HttpRequest.newBuilder(keycloak.tokenEndpoint()).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("DPoP", TestKeycloak.proof(key, "POST", keycloak.tokenEndpoint(), Instant.now(), null))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + CLIENT
            + "&code=" + code.group(1) + "&redirect_uri=" + encode(REDIRECT) + "&code_verifier=" + verifier))
        .build();
    HttpResponse<String> tokens = browser.send(exchange, HttpResponse.BodyHandlers.ofString());
    if (tokens.statusCode() != 200) {
      throw new AssertionError("the code exchange answered " + tokens.statusCode() + ": " + tokens.body());
    }
    Object token = JSONObjectUtils.parse(tokens.body()).get("access_token");
    if (!(token instanceof String accessToken)) {
      throw new AssertionError("no access_token in the token response");
    }
    return accessToken;
  }

  private static HttpRequest form(URI uri, String body, String cookies) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Cookie", cookies)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
