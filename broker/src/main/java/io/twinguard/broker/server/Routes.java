package io.twinguard.broker.server;

import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.pipeline.CallFlow;
import io.twinguard.broker.pipeline.EventFlow;
import io.twinguard.broker.pipeline.Subscription;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;

/**
 * The broker's HTTP routes: twin-to-twin calls ({@code POST /v1/twins/{twin}/{kind}/{block}/{operation}}),
 * subscriptions to a gateway block's events ({@code GET /v1/twins/{twin}/gateway/{block}/events}),
 * the broker's own APIs, health, readiness, Prometheus metrics and the OpenAPI document. Every answer to a
 * call, released or refused, is signed by the broker and carries {@code Twin-Decision-Id}.
 *
 * @param calls runs calls
 * @param events runs subscriptions and their events
 * @param refuse records and answers the refusals outside the pipeline
 * @param metrics what {@code /metrics} shows
 * @param apis the broker's own APIs (admin, audit)
 * @param readiness what the broker needs to decide and record calls, as {@code /ready} reports it
 * @param clock the time source
 * @param bodyLimit the largest request body accepted, in bytes
 */
public record Routes(CallFlow calls, EventFlow events, Refuse refuse, BrokerMetrics metrics, List<Api> apis,
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
    router.route(call).handler(ctx -> refuse.accept(ctx,
        new Refusal.MethodNotAllowed("calls are POST requests with a JSON payload")));
    apis.forEach(api -> api.mount(router, refuse));
    router.route().last().handler(ctx -> refuse.accept(ctx, new Refusal.NotFound(
        "no such resource; twin calls are POST " + CALLS + "/{twin}/{kind}/{block}/{operation}")));
    errors(router);
    return router;
  }

  /**
   * What the router itself refuses (a path it cannot decode, a method it does not route, a failure
   * no handler caught) is answered and recorded like any refusal, never as bare text.
   */
  private void errors(Router router) {
    router.errorHandler(400, ctx -> refuse.accept(ctx, new Refusal.BadRequest("the request target cannot be read")));
    router.errorHandler(404, ctx -> refuse.accept(ctx, new Refusal.NotFound("no such resource")));
    router.errorHandler(405, ctx -> refuse.accept(ctx, new Refusal.MethodNotAllowed("this resource takes no " +
        ctx.request().method().name())));
    router.errorHandler(413, ctx -> refuse.accept(ctx, new Refusal.PayloadTooLarge("the payload exceeds the broker's limit")));
    router.errorHandler(500, ctx -> refuse.accept(ctx, Refusals.of(ctx.failure(), Refuse.decisionId(ctx))));
  }

  /** 200 when every check is ready, else 503; the body names each check's state. */
  private void ready(HttpServerResponse response) {
    List<Future<Readiness.Check>> probes = readiness.stream()
        .map(check -> check.probe().otherwise(failure -> check.check()))
        .toList();
    Future.join(probes).onComplete(all -> {
      JsonObject checks = new JsonObject();
      boolean ready = true;
      for (Future<Readiness.Check> probe : probes) {
        Readiness.Check check = probe.result();
        ready &= check.ready();
        checks.put(check.name(), check.detail().put("ready", check.ready()));
      }
      json(response, ready ? 200 : 503, new JsonObject().put("status", ready ? "READY" : "NOT_READY")
          .put("checks", checks));
    });
  }

  private void call(RoutingContext ctx, Refusal admission) {
    calls.run(ingress(ctx, ctx.pathParam("operation"), admission))
        .onSuccess(answer -> answer.writeTo(ctx.response()));
  }

  private Ingress ingress(RoutingContext ctx, String operation, Refusal admission) {
    Buffer body = admission == null && ctx.body().buffer() != null ? ctx.body().buffer() : Buffer.buffer();
    return Requests.ingress(ctx.request(), body, Refuse.decisionId(ctx), clock.instant(),
        new String[] {ctx.pathParam("twin"), ctx.pathParam("kind"), ctx.pathParam("block")}, operation, admission);
  }

  private static Refusal admission(RoutingContext ctx) {
    return ctx.statusCode() == 413
        ? new Refusal.PayloadTooLarge("the payload exceeds the broker's limit")
        : new Refusal.BadRequest("the request could not be read");
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }
}
