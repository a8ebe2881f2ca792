package io.twinguard.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TwinServerTest {

  WebClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    TwinServer.start(vertx, SmartCity.hvac(), new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .onComplete(ctx.succeeding(server -> {
          client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
          ctx.completeNow();
        }));
  }

  @Test
  void post_knownOperation_answersWithTheTwinsJson(VertxTestContext ctx) {
    client.post("/model/thermal/predict")
        .sendJsonObject(new JsonObject().put("outdoor_c", 10.0).put("occupants", 4))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(200, response.statusCode());
          assertEquals(20.7, response.bodyAsJsonObject().getDouble("predicted_c"));
          ctx.completeNow();
        })));
  }

  @Test
  void post_unknownOperation_is404(VertxTestContext ctx) {
    client.post("/model/thermal/retrain").sendJsonObject(new JsonObject())
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(404, response.statusCode());
          ctx.completeNow();
        })));
  }

  @Test
  void post_payloadNotJson_is400(VertxTestContext ctx) {
    client.post("/model/thermal/predict").sendBuffer(Buffer.buffer("not json"))
        .onComplete(ctx.succeeding((HttpResponse<Buffer> response) -> ctx.verify(() -> {
          assertEquals(400, response.statusCode());
          ctx.completeNow();
        })));
  }
}
