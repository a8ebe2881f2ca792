package io.twinguard.tests.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.httpproxy.HttpProxy;
import java.util.Set;

/**
 * The baseline the broker is measured against: a Vert.x HTTPS reverse proxy (vertx-http-proxy) that
 * checks nothing but TLS. It serves TLS 1.3 with a required client certificate of the ecosystem CA,
 * and forwards every request unchanged over TLS with its own client certificate to one origin. Like
 * the broker, it runs one server per event loop on a fixed port and one shared client with a pool of
 * 32 connections to the origin.
 */
final class PlainProxy {

  private final Vertx vertx;
  private final String deployment;
  private final HttpClient client;
  private final int port;

  private PlainProxy(Vertx vertx, String deployment, HttpClient client, int port) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.client = client;
    this.port = port;
  }

  /**
   * Starts the proxy on {@code port} in front of {@code originPort}, presenting {@code certificate}
   * on both sides and trusting {@code trust} on both sides.
   */
  static Future<PlainProxy> start(Vertx vertx, int port, int originPort, KeyCertOptions certificate,
      TrustOptions trust, int instances) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setSsl(true)
            .setVerifyHost(false)
            .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
            .setKeyCertOptions(certificate)
            .setTrustOptions(trust),
        new PoolOptions().setHttp1MaxSize(32));
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setSsl(true)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(certificate)
        .setTrustOptions(trust)
        .setClientAuth(ClientAuth.REQUIRED);
    return vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            return vertx.createHttpServer(options)
                .requestHandler(HttpProxy.reverseProxy(client).origin(originPort, "127.0.0.1"))
                .listen();
          }
        }, new DeploymentOptions().setInstances(instances))
        .map(id -> new PlainProxy(vertx, id, client, port));
  }

  int port() {
    return port;
  }

  Future<Void> stop() {
    return vertx.undeploy(deployment).compose(v -> client.close());
  }
}
