package io.twinguard.adapters.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bus company's open-data API, as a real HTTP server on loopback: format v1 (GET, minutes,
 * miles, Fahrenheit) and format v2 (POST, seconds, kilometres, Celsius) describe the same arrivals.
 * {@link #retireV1()} makes v1 answer 410, as when the company switches formats.
 */
public final class LegacyBusApi implements AutoCloseable {

  public static final double ETA_MIN = 3.5;
  public static final double DISTANCE_MI = 0.75;
  public static final double TEMP_F = 41.9;
  public static final double ETA_S = 210;
  public static final double DISTANCE_KM = 1.207008;
  public static final double TEMP_C = 5.5;

  private final HttpServer server;
  private final AtomicBoolean v1Retired = new AtomicBoolean();

  public LegacyBusApi(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(request -> {
      // the adapter resets calls it gives up on (time limit, size limit): expected here, not an error
      request.exceptionHandler(reset -> { });
      request.response().exceptionHandler(reset -> { });
      String path = request.path();
      if (path.equals("/v1/arrivals") && request.method().name().equals("GET")) {
        if (v1Retired.get()) {
          request.response().setStatusCode(410).end();
          return;
        }
        String stop = request.getParam("stop");
        JsonArray arrivals = new JsonArray();
        int limit = Integer.parseInt(request.getParam("limit", "10"));
        for (int i = 0; i < Math.min(limit, 2); i++) {
          arrivals.add(new JsonObject().put("line", "1" + i).put("eta_min", ETA_MIN + i).put("distance_mi", DISTANCE_MI).put("operator_id", "driver-77"));
        }
        json(request, new JsonObject().put("stop_name", stop).put("temp_f", TEMP_F).put("arrivals", arrivals));
      } else if (path.startsWith("/v2/stops/") && path.endsWith("/departures") && request.method().name().equals("POST")) {
        String stop = path.substring("/v2/stops/".length(), path.length() - "/departures".length());
        request.body().onSuccess(body -> {
          int max = body.length() == 0 ? 10 : body.toJsonObject().getInteger("max", 10);
          JsonArray departures = new JsonArray();
          for (int i = 0; i < Math.min(max, 2); i++) {
            departures.add(new JsonObject()
                .put("route", new JsonObject().put("short_name", "1" + i))
                .put("eta_s", ETA_S + 60 * i)
                .put("distance_km", DISTANCE_KM));
          }
          json(request, new JsonObject()
              .put("stop", new JsonObject().put("name", URLDecoder.decode(stop, StandardCharsets.UTF_8)))
              .put("weather", new JsonObject().put("temperature", new JsonObject().put("value", TEMP_C).put("unit", "Cel")))
              .put("departures", departures));
        });
      } else if (path.equals("/slow")) {
        // never answers: the adapter's time limit must end the call
        request.pause();
      } else if (path.equals("/broken")) {
        request.response().setStatusCode(500).end("{\"error\":\"db down\"}");
      } else if (path.equals("/huge")) {
        request.response().putHeader("content-type", "application/json").end("[" + "1,".repeat(100_000) + "1]");
      } else if (path.equals("/text")) {
        request.response().putHeader("content-type", "text/plain").end("hello");
      } else if (path.equals("/health")) {
        json(request, new JsonObject().put("ok", true));
      } else {
        request.response().setStatusCode(404).end();
      }
    });
    Await.result(server.listen(0, "127.0.0.1"));
  }

  private static void json(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("content-type", "application/json").end(body.encode());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public void retireV1() {
    v1Retired.set(true);
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
