package io.twinguard.tests.consent;

import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.KeyResolver;
import io.twinguard.signing.httpsig.MessageVerifier;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureVerificationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A twin's withdrawal-notice endpoint, as a twin would run it: HTTPS with the twin's certificate,
 * only for clients of the ecosystem CA, every notice's RFC 9421 signature verified with the
 * broker's public key (keyid the broker's SPIFFE ID, Content-Digest against the body). A notice
 * that verifies is acknowledged with 204 when the twin {@code acks}; otherwise it answers 503, as
 * a twin that never confirms. Keeps every notice it verified and counts the attempts.
 */
final class NoticeEndpoint {

  static final String PATH = "/consent-notices";

  /** A notice that verified. */
  record Received(JsonObject body, String keyId) {}

  final List<Received> verified = new CopyOnWriteArrayList<>();
  final List<String> refused = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private NoticeEndpoint(HttpServer server) {
    this.server = server;
  }

  static Future<NoticeEndpoint> start(Vertx vertx, Ecosystem ecosystem, String twin, boolean acks) {
    MessageVerifier verifier = new MessageVerifier(KeyResolver.of(Map.of(Ecosystem.BROKER_ID,
        ecosystem.broker().signingCertificate().getPublicKey())), Clock.systemUTC(), Duration.ofSeconds(60));
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(ecosystem.twin(twin).keyCertOptions())
        .setTrustOptions(ecosystem.caTrustOptions())
        .setClientAuth(ClientAuth.REQUIRED);
    NoticeEndpoint[] self = new NoticeEndpoint[1];
    return vertx.createHttpServer(options)
        .requestHandler(request -> request.body().onSuccess(body -> {
          int port = request.localAddress().port();
          try {
            self[0].check(verifier, request, port, body.getBytes());
            request.response().setStatusCode(acks ? 204 : 503).end();
          } catch (SignatureVerificationException e) {
            self[0].refused.add(e.getMessage());
            request.response().setStatusCode(401).end();
          }
        }))
        .listen()
        .map(listening -> self[0] = new NoticeEndpoint(listening));
  }

  private void check(MessageVerifier verifier, HttpServerRequest request, int port, byte[] body)
      throws SignatureVerificationException {
    HttpFields fields = HttpFields.of(
        "content-type", String.valueOf(request.getHeader("content-type")),
        "content-digest", String.valueOf(request.getHeader("content-digest")),
        SignatureFields.SIGNATURE_INPUT, String.valueOf(request.getHeader(SignatureFields.SIGNATURE_INPUT)),
        SignatureFields.SIGNATURE, String.valueOf(request.getHeader(SignatureFields.SIGNATURE)));
    URI target = URI.create("https://127.0.0.1:" + port + request.uri());
    String keyId = verifier.verify(new HttpRequest(request.method().name(), target, fields, body), "twinguard")
        .params().keyid().orElseThrow();
    verified.add(new Received(new JsonObject(new String(body, StandardCharsets.UTF_8)), keyId));
  }

  /** Where the registry says this twin takes notices. */
  URI url() {
    return URI.create("https://127.0.0.1:" + server.actualPort() + PATH);
  }
}
