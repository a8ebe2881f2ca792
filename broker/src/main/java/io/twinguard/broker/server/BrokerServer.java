package io.twinguard.broker.server;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.TrustOptions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;

/**
 * The broker's HTTPS server: TLS 1.3 only, a client certificate requested on every connection, the
 * {@link Routes} behind it.
 *
 * <p>The TLS layer proves that the client holds the key of the certificate it presents but accepts
 * any chain, so that a caller with a bad certificate gets an RFC 9457 answer instead of a broken
 * handshake; authentication then validates the chain against the ecosystem CA and its CRL, and
 * refuses every call it cannot validate.
 */
public final class BrokerServer {

  /**
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param idleTimeout how long a connection may be silent before it is closed
   */
  public record Options(String host, int port, Duration idleTimeout) {}

  private final Vertx vertx;
  private final BrokerIdentity identity;
  private final Routes routes;
  private final Options options;

  public BrokerServer(Vertx vertx, BrokerIdentity identity, Routes routes, Options options) {
    this.vertx = vertx;
    this.identity = identity;
    this.routes = routes;
    this.options = options;
  }

  /** Starts listening; the future holds the server, whose {@code actualPort()} is the bound port. */
  public Future<HttpServer> start() {
    HttpServerOptions serverOptions = new HttpServerOptions()
        .setHost(options.host())
        .setPort(options.port())
        .setIdleTimeout((int) options.idleTimeout().toSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setSsl(true)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(identity.keyCertOptions())
        .setClientAuth(ClientAuth.REQUEST)
        .setTrustOptions(TrustOptions.wrap(new AnyClientChain(identity.trust().caCertificate())));
    return vertx.createHttpServer(serverOptions)
        .invalidRequestHandler(request -> routes.refuse().answer(request, unreadable(request)))
        .requestHandler(routes.router(vertx))
        .listen();
  }

  /** Why the HTTP codec could not read a request: a line or headers too long, or anything malformed. */
  private static Refusal unreadable(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      return new Refusal.UriTooLong("the request line is longer than the broker reads");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new Refusal.HeadersTooLarge("the request's headers are larger than the broker reads");
    }
    return new Refusal.BadRequest("the request is not well-formed HTTP/1.1");
  }

  /**
   * Accepts any client chain at the TLS layer; authentication validates it against the CA and its
   * CRL. It names the ecosystem CA as the accepted issuer, so that clients pick their twin
   * certificate. Never used for server certificates.
   */
  private record AnyClientChain(X509Certificate ca) implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // deliberately empty: the chain is validated by the authenticate step, so that a refusal is an RFC 9457 answer
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("the broker's server trust manager checks no servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[] {ca};
    }
  }
}
