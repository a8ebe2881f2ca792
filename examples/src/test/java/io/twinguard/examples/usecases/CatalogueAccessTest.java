package io.twinguard.examples.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.catalogue.CatalogueApi;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's catalogue over the broker's mutual TLS: who may read it and what it never shows. */
class CatalogueAccessTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static City city;

  @BeforeAll
  static void startCity() throws Exception {
    vertx = Vertx.vertx();
    city = City.start(vertx, dir, Clock.systemUTC(), new PrintWriter(new StringWriter()));
  }

  @AfterAll
  static void stopCity() throws Exception {
    city.close();
    City.await(vertx.close());
  }

  private static List<JsonObject> twins(TwinClient.Answer answer) {
    return answer.json().getJsonArray("twins").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void catalogue_registeredTwin_listsEveryTwinWithoutHowItIsReached() throws Exception {
    TwinClient.Answer answer = City.await(city.client("room-12").get(CatalogueApi.PATH));

    assertEquals(200, answer.status(), answer.body().toString());
    List<JsonObject> twins = twins(answer);
    assertEquals(city.broker.catalog().registry().twins().size(), twins.size());
    for (JsonObject twin : twins) {
      for (String hidden : List.of("endpoint", "adapter", "notifications", "auth", "client_id")) {
        assertTrue(!twin.containsKey(hidden), twin.getString("name") + " shows " + hidden);
      }
    }
  }

  @Test
  void catalogue_classFilter_listsOnlyThatClass() throws Exception {
    TwinClient.Answer answer = City.await(city.client("room-12").get(CatalogueApi.PATH + "?class=farm"));

    assertEquals(Set.of("farm-north", "farm-south"),
        twins(answer).stream().map(t -> t.getString("name")).collect(Collectors.toSet()));
  }

  @Test
  void catalogue_certificateOfNoRegisteredTwin_isForbidden() throws Exception {
    TwinClient.Answer answer = City.await(city.client(Ecosystem.BROKER).get(CatalogueApi.PATH));

    assertEquals(403, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    assertTrue(answer.json().getString("detail").contains("is no registered twin"), answer.body().toString());
  }
}
