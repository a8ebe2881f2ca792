package io.twinguard.broker.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;

/**
 * The realm's JWK set over HTTP(S), as Keycloak publishes it at {@code <realm>/protocol/openid-connect/certs}.
 * Only public keys are kept, whatever the document holds. Owns its HTTP client; {@link #close} it.
 */
public final class HttpJwksSource implements JwksSource, AutoCloseable {

  /** Where Keycloak publishes a realm's keys, below the realm's URL. */
  public static final String KEYCLOAK_CERTS = "/protocol/openid-connect/certs";

  // a realm lists a handful of keys; a larger answer is not a JWK set the broker wants to parse
  private static final int MAX_BYTES = 1024 * 1024;

  private final WebClient client;
  private final URI uri;
  private final Duration timeout;

  /**
   * @param uri the JWK set's absolute http or https URL
   * @param timeout the longest one fetch may take
   */
  public HttpJwksSource(Vertx vertx, URI uri, Duration timeout) {
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .setFollowRedirects(false)
        .setUserAgent("twinguard-broker"));
    this.uri = uri;
    this.timeout = timeout;
  }

  /** The source of a Keycloak realm's keys, {@code realmUrl} + {@value #KEYCLOAK_CERTS}. */
  public static HttpJwksSource keycloak(Vertx vertx, String realmUrl, Duration timeout) {
    return new HttpJwksSource(vertx, URI.create(realmUrl + KEYCLOAK_CERTS), timeout);
  }

  @Override
  public Future<JWKSet> fetch() {
    return client.getAbs(uri.toString())
        .timeout(timeout.toMillis())
        .putHeader("Accept", "application/json")
        .send()
        .compose(this::keys);
  }

  private Future<JWKSet> keys(HttpResponse<?> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(new IllegalStateException(uri + " answered " + response.statusCode()));
    }
    if (response.body() == null || response.bodyAsBuffer().length() > MAX_BYTES) {
      return Future.failedFuture(new IllegalStateException(uri + " answered no JWK set of at most 1 MiB"));
    }
    try {
      return Future.succeededFuture(JWKSet.parse(response.bodyAsString()).toPublicJWKSet());
    } catch (ParseException e) {
      return Future.failedFuture(new IllegalStateException(uri + " answered no JWK set: " + e.getMessage()));
    }
  }

  /** The URL the keys come from. */
  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    client.close();
  }
}
