package io.twinguard.broker.server;

import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.call.CallPipeline;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Refusal;
import io.twinguard.broker.forward.Forwarder;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;

/**
 * The broker's HTTPS server: TLS 1.3 only, a client certificate requested on every connection, and
 * the routes of the twin-to-twin API ({@code POST /v1/twins/{twin}/{kind}/{block}/{operation}}, and
 * {@code GET /v1/twins/{twin}/gateway/{block}/events} to subscribe to a gateway block's events) plus
 * health, readiness, Prometheus metrics, the OpenAPI document and the admin API. Every answer to a call, released or refused, is
 * signed by the broker and carries {@code Twin-Decision-Id}.
 *
 * <p>The TLS layer proves that the client holds the key of the certificate it presents but accepts
 * any chain, so that a caller with a bad certificate gets an RFC 9457 answer instead of a broken
 * handshake; the pipeline then validates the chain against the ecosystem CA and its CRL, and
 * refuses every call it cannot validate.
 */
public final class BrokerServer {

  /** The path prefix of twin-to-twin calls. */
  public static final String CALLS = "/v1/twins";

  /**
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param bodyLimit the largest request body accepted, in bytes
   */
  public record Options(String host, int port, long bodyLimit) {}

  private final Vertx vertx;
  private final BrokerIdentity identity;
  private final CallPipeline pipeline;
  private final BrokerMetrics metrics;
  private final AdminApi admin;
  private final EventRelay events;
  private final ResponseSigner signer;
  private final BooleanSupplier ready;
  private final Clock clock;
  private final Options options;

  /**
   * @param ready whether the broker can decide and record calls now (policy bundle active, audit
   *     log reachable)
   */
  public BrokerServer(Vertx vertx, BrokerIdentity identity, CallPipeline pipeline, Forwarder forwarder,
      BrokerMetrics metrics, AdminApi admin, BooleanSupplier ready, Clock clock, Options options) {
    this.vertx = vertx;
    this.events = new EventRelay(pipeline, forwarder);
    this.admin = admin;
    this.metrics = metrics;
    this.identity = identity;
    this.pipeline = pipeline;
    this.signer = new ResponseSigner(identity, clock);
    this.ready = ready;
    this.clock = clock;
    this.options = options;
  }

  /** Starts listening; the future holds the server, whose {@code actualPort()} is the bound port. */
  public Future<HttpServer> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> json(ctx.response(), 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> json(ctx.response(), ready.getAsBoolean() ? 200 : 503,
        new JsonObject().put("status", ready.getAsBoolean() ? "READY" : "NOT_READY")));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/yaml")
        .sendFile("io/twinguard/broker/openapi.yaml"));
    String call = CALLS + "/:twin/:kind/:block/:operation";
    router.post(call)
        .handler(BodyHandler.create().setBodyLimit(options.bodyLimit()).setHandleFileUploads(false))
        .handler(this::call)
        .failureHandler(ctx -> call(ctx, admissionProblem(ctx)));
    router.get(CALLS + "/:twin/:kind/:block/" + CallPipeline.EVENTS).handler(this::subscribe);
    router.route(call).handler(ctx -> problem(ctx, new Problem(ProblemType.METHOD_NOT_ALLOWED,
        "calls are POST requests with a JSON payload"), UUID.randomUUID().toString()));
    admin.mount(router, (ctx, problem) -> problem(ctx, problem, UUID.randomUUID().toString()));
    router.route().last().handler(ctx -> problem(ctx, new Problem(ProblemType.UNKNOWN_TWIN,
        "no such resource; twin calls are POST " + CALLS + "/{twin}/{kind}/{block}/{operation}"), UUID.randomUUID().toString()));
    HttpServerOptions serverOptions = new HttpServerOptions()
        .setHost(options.host())
        .setPort(options.port())
        .setSsl(true)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(identity.keyCertOptions())
        .setClientAuth(ClientAuth.REQUEST)
        .setTrustOptions(TrustOptions.wrap(new ValidatedPerCall(identity.trust().caCertificate())));
    return vertx.createHttpServer(serverOptions).requestHandler(router).listen();
  }

  private void call(RoutingContext ctx) {
    call(ctx, null);
  }

  private void call(RoutingContext ctx, Problem admission) {
    Ingress ingress = new Ingress(
        UUID.randomUUID().toString(),
        clock.instant(),
        ctx.request().method().name(),
        ctx.request().absoluteURI(),
        ctx.request().headers(),
        admission == null && ctx.body().buffer() != null ? ctx.body().buffer() : Buffer.buffer(),
        peerChain(ctx),
        ctx.pathParam("twin"),
        ctx.pathParam("kind"),
        ctx.pathParam("block"),
        ctx.pathParam("operation"),
        admission);
    pipeline.handle(ingress).onComplete(result -> {
      Outcome outcome = result.succeeded()
          ? result.result()
          : new Outcome.Refused(ingress.decisionId(), new Problem(ProblemType.INTERNAL, "the broker could not complete the call"));
      if (outcome instanceof Outcome.Released released) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(released.headers());
        signer.sign(released.status(), headers, released.body(), released.decisionId());
        ctx.response().setStatusCode(released.status()).headers().addAll(headers);
        ctx.response().end(released.body());
      } else if (outcome instanceof Outcome.Refused refused) {
        problem(ctx, refused.problem(), refused.decisionId());
      }
    });
  }

  private void subscribe(RoutingContext ctx) {
    Ingress ingress = new Ingress(
        UUID.randomUUID().toString(),
        clock.instant(),
        "GET",
        ctx.request().absoluteURI(),
        ctx.request().headers(),
        Buffer.buffer(),
        peerChain(ctx),
        ctx.pathParam("twin"),
        ctx.pathParam("kind"),
        ctx.pathParam("block"),
        CallPipeline.EVENTS,
        null);
    pipeline.subscribe(ingress)
        .onSuccess(subscription -> events.relay(subscription, ctx.response(),
            (problem, decisionId) -> problem(ctx, problem, decisionId)))
        .onFailure(failure -> problem(ctx, failure instanceof Refusal refusal
            ? refusal.problem()
            : new Problem(ProblemType.INTERNAL, "the broker could not decide the subscription"), ingress.decisionId()));
  }

  private static Problem admissionProblem(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      return new Problem(ProblemType.PAYLOAD_TOO_LARGE, "the payload exceeds the broker's limit");
    }
    return new Problem(ProblemType.BAD_REQUEST, "the request could not be read");
  }

  private void problem(RoutingContext ctx, Problem problem, String decisionId) {
    Buffer body = problem.toJson(decisionId).toBuffer();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", Problem.MEDIA_TYPE);
    signer.sign(problem.status(), headers, body, decisionId);
    HttpServerResponse response = ctx.response().setStatusCode(problem.status());
    response.headers().addAll(headers);
    response.end(body);
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  private static List<X509Certificate> peerChain(RoutingContext ctx) {
    try {
      List<Certificate> chain = ctx.request().connection().peerCertificates();
      return chain == null ? List.of() : chain.stream()
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  /**
   * Accepts any client chain at the TLS layer; {@code CallPipeline} validates it against the CA and
   * its CRL on every call. It names the ecosystem CA as the accepted issuer, so that clients pick
   * their twin certificate. Never used for server certificates.
   */
  private record ValidatedPerCall(X509Certificate ca) implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // deliberately empty: the chain is validated per call, so that a refusal is an RFC 9457 answer
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
