package io.twinguard.examples;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bus company's open-data API, a legacy HTTP service that knows nothing of twinguard (plain
 * HTTP on loopback, as such APIs are): format v1 ({@code GET /v1/arrivals?stop=}, US units) and
 * format v2 ({@code POST /v2/stops/{stop}/departures}, metric). {@link #retireV1()} plays the
 * company's format change: from then on v1 answers 410 Gone. The broker reaches it through the
 * rest-mapping adapter declared for {@code bus-open-data} in {@code smart-city-adapted.yaml}.
 */
public final class LegacyBusCompany {

  private final AtomicBoolean v1Retired = new AtomicBoolean();
  private HttpServer server;

  /** Starts serving on a free loopback port. */
  public Future<LegacyBusCompany> start(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/v1/arrivals").handler(this::v1);
    router.post("/v2/stops/:stop/departures").handler(this::v2);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(router).listen()
        .map(listening -> {
          server = listening;
          return this;
        });
  }

  /** The base URL of the API. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The company switches its open data to format v2: v1 is gone. */
  public void retireV1() {
    v1Retired.set(true);
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void v1(RoutingContext ctx) {
    if (v1Retired.get()) {
      ctx.response().setStatusCode(410).end("format v1 is retired, use v2");
      return;
    }
    json(ctx, new JsonObject()
        .put("stop_name", ctx.queryParams().get("stop"))
        .put("temp_f", 41.0)
        .put("arrivals", new JsonArray()
            .add(new JsonObject().put("line", "12").put("eta_min", 3).put("distance_mi", 0.5))
            .add(new JsonObject().put("line", "40").put("eta_min", 7).put("distance_mi", 1.25))));
  }

  private void v2(RoutingContext ctx) {
    json(ctx, new JsonObject()
        .put("stop", new JsonObject().put("name", ctx.pathParam("stop")))
        .put("weather", new JsonObject().put("temperature", new JsonObject().put("value", 5.0)))
        .put("departures", new JsonArray()
            .add(new JsonObject().put("route", new JsonObject().put("short_name", "12")).put("eta_s", 180)
                .put("distance_km", 0.804672))
            .add(new JsonObject().put("route", new JsonObject().put("short_name", "40")).put("eta_s", 420)
                .put("distance_km", 2.01168))));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("content-type", "application/json").end(body.encode());
  }
}
