package io.twinguard.broker.server;

import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** What the broker received, as the pipeline's first stage, from a request of the HTTP server. */
final class Requests {

  private Requests() {}

  /**
   * @param path the request path's parts {@code twin, kind, block} (each possibly null)
   * @param operation the operation asked for, or null
   * @param admission why the HTTP layer refused the request already, or null
   */
  static Ingress ingress(HttpServerRequest request, Buffer body, String decisionId, Instant received, String[] path,
      String operation, Refusal admission) {
    return new Ingress(decisionId, received, request.method().name(), uri(request), request.headers(), body,
        peerChain(request), path[0], path[1], path[2], operation, admission);
  }

  /** The request's absolute URI, or its raw target when that cannot be made absolute. */
  private static String uri(HttpServerRequest request) {
    try {
      return request.absoluteURI();
    } catch (RuntimeException malformed) {
      return String.valueOf(request.uri());
    }
  }

  private static List<X509Certificate> peerChain(HttpServerRequest request) {
    try {
      List<Certificate> chain = request.connection().peerCertificates();
      return chain == null ? List.of() : chain.stream()
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return List.of();
    }
  }
}
