package io.twinguard.examples;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Serves one example twin over HTTP(S): {@code POST /{kind}/{block}/{operation}} with a JSON body
 * answers with the twin's JSON; {@code GET /gateway/{block}/events} streams the block's events as
 * server-sent events, one JSON object per event. TLS and client authentication come from the server options the
 * caller passes (the demo gives each twin a certificate of the ecosystem CA and requires the
 * broker's client certificate).
 */
public final class TwinServer {

  private TwinServer() {}

  /** Starts serving {@code twin}; the future holds the listening server (its actual port included). */
  public static Future<HttpServer> start(Vertx vertx, ExampleTwin twin, HttpServerOptions options) {
    Router router = Router.router(vertx);
    router.post("/:kind/:block/:operation").handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.post("/:kind/:block/:operation").handler(ctx -> handle(ctx, twin));
    router.get("/gateway/:block/events").handler(ctx -> stream(vertx, ctx, twin));
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }

  /** How often a gateway block emits an event. */
  static final long EVENT_INTERVAL_MS = 100;

  private static void stream(Vertx vertx, RoutingContext ctx, ExampleTwin twin) {
    Supplier<JsonObject> source = twin.events().get(ctx.pathParam("block"));
    if (source == null) {
      ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", twin.name() + " has no gateway events " + ctx.pathParam("block")).encode());
      return;
    }
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache");
    response.write(": " + twin.name() + " events\n\n");
    long timer = vertx.setPeriodic(EVENT_INTERVAL_MS, id -> response.write("data: " + source.get().encode() + "\n\n"));
    response.closeHandler(closed -> vertx.cancelTimer(timer));
    ctx.request().connection().closeHandler(closed -> vertx.cancelTimer(timer));
  }

  private static void handle(RoutingContext ctx, ExampleTwin twin) {
    String key = ctx.pathParam("kind") + "/" + ctx.pathParam("block") + "/" + ctx.pathParam("operation");
    UnaryOperator<JsonObject> operation = twin.operations().get(key);
    if (operation == null) {
      ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", twin.name() + " has no operation " + key).encode());
      return;
    }
    JsonObject payload;
    try {
      payload = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", "payload is not a JSON object").encode());
      return;
    }
    ctx.response().putHeader("content-type", "application/json").end(operation.apply(payload).encode());
  }
}
