package io.twinguard.broker.server;

import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Outcome;
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
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The broker's HTTP routes: twin-to-twin calls ({@code POST /v1/twins/{twin}/{kind}/{block}/{operation}}),
 * subscriptions to a gateway block's events ({@code GET /v1/twins/{twin}/gateway/{block}/events}),
 * the admin API, health, readiness, Prometheus metrics and the OpenAPI document. Every answer to a
 * call, released or refused, is signed by the broker and carries {@code Twin-Decision-Id}.
 *
 * @param calls runs calls
 * @param events runs subscriptions and their events
 * @param sign signs the refusals answered outside the pipeline
 * @param metrics what {@code /metrics} shows
 * @param admin the admin API
 * @param ready whether the broker can decide and record calls now
 * @param clock the time source
 * @param bodyLimit the largest request body accepted, in bytes
 */
public record Routes(CallFlow calls, EventFlow events, SignAnswer sign, BrokerMetrics metrics, AdminApi admin,
    BooleanSupplier ready, Clock clock, long bodyLimit) {

  /** The path prefix of twin-to-twin calls. */
  public static final String CALLS = "/v1/twins";

  /** The router serving every route. */
  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> json(ctx.response(), 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> {
      boolean now = ready.getAsBoolean();
      json(ctx.response(), now ? 200 : 503, new JsonObject().put("status", now ? "READY" : "NOT_READY"));
    });
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
    admin.mount(router, this::refuse);
    router.route().last().handler(ctx -> refuse(ctx, new Refusal.NotFound(
        "no such resource; twin calls are POST " + CALLS + "/{twin}/{kind}/{block}/{operation}")));
    return router;
  }

  private void call(RoutingContext ctx, Refusal admission) {
    calls.run(ingress(ctx, ctx.pathParam("operation"), admission))
        .onSuccess(answer -> answer.writeTo(ctx.response()));
  }

  /** Answers a refusal outside the call pipeline, signed, under a decision id of its own. */
  private void refuse(RoutingContext ctx, Refusal refusal) {
    sign.sign(new Outcome.Refused(UUID.randomUUID().toString(), refusal)).writeTo(ctx.response());
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
