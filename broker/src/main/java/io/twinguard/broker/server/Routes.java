package io.twinguard.broker.server;

import io.twinguard.broker.answer.Refuse;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.pipeline.CallFlow;
import io.twinguard.broker.pipeline.EventFlow;
import io.twinguard.broker.pipeline.Subscription;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The broker's HTTP routes: twin-to-twin calls ({@code POST /v1/twins/{twin}/{kind}/{block}/{operation}}),
 * subscriptions to a gateway block's events ({@code GET /v1/twins/{twin}/gateway/{block}/events}),
 * the broker's own APIs, health, readiness, Prometheus metrics and the OpenAPI document. Every answer to a
 * call, released or refused, is signed by the broker and carries {@code Twin-Decision-Id}.
 *
 * @param calls runs calls
 * @param events runs subscriptions and their events
 * @param sign signs the refusals answered outside the pipeline
 * @param metrics what {@code /metrics} shows
 * @param apis the broker's own APIs (admin, audit)
 * @param readiness what the broker needs to decide and record calls, as {@code /ready} reports it
 * @param clock the time source
 * @param bodyLimit the largest request body accepted, in bytes
 */
public record Routes(CallFlow calls, EventFlow events, SignAnswer sign, BrokerMetrics metrics, List<Api> apis,
    List<Readiness> readiness, Clock clock, long bodyLimit) {

  public Routes {
    apis = List.copyOf(apis);
    readiness = List.copyOf(readiness);
  }

  /** The path prefix of twin-to-twin calls. */
  public static final String CALLS = "/v1/twins";

  /** The router serving every route. */
  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> json(ctx.response(), 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> ready(ctx.response()));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/yaml")
        .sendFile("io/twinguard/broker/openapi.yaml"));
    String call = CALLS + "/:twin/:kind/:block/:operation";
    router.post(call)
        .handler(BodyHandler.create().setBodyLimit(bodyLimit).setHandleFileUploads(false))
        .handler(ctx -> call(ctx, null))
        .failureHandler(ctx -> call(ctx, admission(ctx)));
    EventRoute eventRoute = new EventRoute(events);
    router.get(CALLS + "/:twin/:kind/:block/" + Subscription.EVENTS).handler(ctx ->
        events.subscribe(ingress(ctx, Subscription.EVENTS, null))
            .onSuccess(subscribed -> eventRoute.answer(subscribed, ctx.response())));
    router.route(call).handler(ctx -> refuse(ctx,
        new Refusal.MethodNotAllowed("calls are POST requests with a JSON payload")));
    Refuse refuse = new Refuse(sign);
    apis.forEach(api -> api.mount(router, refuse));
    router.route().last().handler(ctx -> refuse(ctx, new Refusal.NotFound(
        "no such resource; twin calls are POST " + CALLS + "/{twin}/{kind}/{block}/{operation}")));
    return router;
  }

  /** 200 when every check is ready, else 503; the body names each check's state. */
  private void ready(HttpServerResponse response) {
    JsonObject checks = new JsonObject();
    boolean all = true;
    for (Readiness readiness : readiness) {
      Readiness.Check check = readiness.check();
      all &= check.ready();
      checks.put(check.name(), check.detail().put("ready", check.ready()));
    }
    json(response, all ? 200 : 503, new JsonObject().put("status", all ? "READY" : "NOT_READY").put("checks", checks));
  }

  private void call(RoutingContext ctx, Refusal admission) {
    calls.run(ingress(ctx, ctx.pathParam("operation"), admission))
        .onSuccess(answer -> answer.writeTo(ctx.response()));
  }

  private void refuse(RoutingContext ctx, Refusal refusal) {
    new Refuse(sign).accept(ctx, refusal);
  }

  private Ingress ingress(RoutingContext ctx, String operation, Refusal admission) {
    Buffer body = admission == null && ctx.body().buffer() != null ? ctx.body().buffer() : Buffer.buffer();
    return new Ingress(UUID.randomUUID().toString(), clock.instant(), ctx.request().method().name(),
        ctx.request().absoluteURI(), ctx.request().headers(), body, peerChain(ctx), ctx.pathParam("twin"),
        ctx.pathParam("kind"), ctx.pathParam("block"), operation, admission);
  }

  private static Refusal admission(RoutingContext ctx) {
    return ctx.statusCode() == 413
        ? new Refusal.PayloadTooLarge("the payload exceeds the broker's limit")
        : new Refusal.BadRequest("the request could not be read");
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
}
