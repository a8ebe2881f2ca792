package io.twinguard.examples;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The farm and greenhouse twins of UC2 and UC3: the greenhouse plant (a Strawberry twin, later
 * replaced by a Tomato twin under the same registered name), the irrigation tank two farms share,
 * and the two farms. Their declarations are in {@code smart-city-registry.yaml}; which farm may
 * open which outlet, and what it sees of the other, is policy data ({@code shared_resources}).
 */
public final class Agriculture {

  /** The registered name of the greenhouse plant the Room twin reads, whatever crop it is. */
  public static final String PLANT = "greenhouse-plant";

  private Agriculture() {}

  /** The Strawberry twin: what grows in the greenhouse bed first. */
  public static ExampleTwin strawberry() {
    return new ExampleTwin(PLANT, Map.of(
        "data/growth/read", payload -> new JsonObject()
            .put("crop", "strawberry")
            .put("stage", "flowering")
            .put("ideal_c", new JsonArray().add(18.0).add(24.0))
            .put("ideal_humidity", 0.65)));
  }

  /** The Tomato twin that replaces the Strawberry twin; it answers the same operation in the same shape. */
  public static ExampleTwin tomato() {
    return new ExampleTwin(PLANT, Map.of(
        "data/growth/read", payload -> new JsonObject()
            .put("crop", "tomato")
            .put("stage", "seedling")
            .put("ideal_c", new JsonArray().add(21.0).add(27.0))
            .put("ideal_humidity", 0.7)));
  }

  /** The irrigation tank of the water cooperative: its level, each farm's part, one outlet per farm. */
  public static ExampleTwin irrigationTank() {
    return new ExampleTwin("irrigation-tank", Map.of(
        "data/levels/read", payload -> new JsonObject()
            .put("level_l", 42_000)
            .put("farms", new JsonObject()
                .put("north", farmPart(6_500, "wheat", "05:00-06:30"))
                .put("south", farmPart(4_200, "vines", "21:00-22:00"))),
        "gateway/valve-north/open", payload -> outlet("valve:north", payload),
        "gateway/valve-south/open", payload -> outlet("valve:south", payload)));
  }

  private static JsonObject farmPart(int drawnLitres, String crop, String schedule) {
    return new JsonObject().put("drawn_l", drawnLitres).put("crop", crop).put("schedule", schedule);
  }

  private static JsonObject outlet(String valve, JsonObject payload) {
    return new JsonObject().put("valve", valve).put("state", "open").put("litres", payload.getInteger("litres", 0));
  }

  /** A farm twin: a caller of the tank; it exposes its soil moisture. */
  public static ExampleTwin farm(String name) {
    return new ExampleTwin(name, Map.of(
        "data/soil/read", payload -> new JsonObject().put("farm", name).put("moisture", 0.23)));
  }
}
