package io.twinguard.examples;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The twins of the smart-city ecosystem the demo and the end-to-end tests play. Their declarations
 * (organisation, class, blocks, data categories, actuators) are in {@code smart-city-registry.yaml};
 * this class holds what each one answers. The answers are small fixed computations, enough to show
 * what the broker lets through, refuses and redacts.
 */
public final class SmartCity {

  private SmartCity() {}

  /** Every twin of the ecosystem that serves an endpoint (those behind adapters are in smart-city-adapted.yaml). */
  public static List<ExampleTwin> twins() {
    return List.of(hvac(), room(), building(), citizen(), fireSystem(), employer(), elevator(),
        Agriculture.strawberry(), Agriculture.irrigationTank(), Agriculture.farm("farm-north"),
        Agriculture.farm("farm-south"), Mobility.city(), Mobility.transportation());
  }

  /** The HVAC twin of room 12: shares a comfort service, a thermal model, climate data and vents. */
  public static ExampleTwin hvac() {
    return new ExampleTwin("hvac-room-12", Map.of(
        "service/comfort/plan", payload -> new JsonObject()
            .put("room", payload.getString("room", "r-12"))
            .put("target_c", payload.getDouble("target_c", 21.0))
            .put("schedule", new JsonArray().add("06:30 preheat").add("18:00 setback")),
        "model/thermal/predict", payload -> new JsonObject()
            .put("predicted_c", predictIndoor(payload.getDouble("outdoor_c", 10.0), payload.getInteger("occupants", 0))),
        "data/climate/read", payload -> new JsonObject()
            .put("room", "r-12")
            .put("temperature_c", 21.4)
            .put("humidity", 0.41)
            .put("occupants", new JsonArray().add(new JsonObject().put("subject", "citizen-ada").put("desk", "12-B"))),
        "gateway/vents/set", payload -> new JsonObject()
            .put("vent", payload.getString("vent", "v-1"))
            .put("position", payload.getInteger("position", 0))),
        Map.of("vents", ventReadings()));
  }

  /** Vent readings: position and airflow, and the occupant the presence sensor saw (personal data). */
  public static Supplier<JsonObject> ventReadings() {
    AtomicLong sequence = new AtomicLong();
    return () -> {
      long n = sequence.incrementAndGet();
      return new JsonObject()
          .put("sequence", n)
          .put("vent", "vent:1")
          .put("position", (int) (n * 7 % 100))
          .put("airflow_m3h", 120 + n % 30)
          .put("occupant", "citizen-ada");
    };
  }

  /** The Room twin: a consumer of the HVAC twin's blocks; it exposes its own occupancy. */
  public static ExampleTwin room() {
    return new ExampleTwin("room-12", Map.of(
        "data/occupancy/read", payload -> new JsonObject().put("room", "r-12").put("occupied", true)));
  }

  /** The Building twin: doors shared by the fire system and the HVAC twin, and room booking. */
  public static ExampleTwin building() {
    return new ExampleTwin("building-hq", Map.of(
        "gateway/doors/open", payload -> new JsonObject().put("door", payload.getString("door")).put("state", "open"),
        "gateway/doors/close", payload -> new JsonObject().put("door", payload.getString("door")).put("state", "closed"),
        "service/booking/book", payload -> new JsonObject()
            .put("subject", payload.getString("subject"))
            .put("room", payload.getBoolean("avoid_small_rooms", false) ? "r-40 (large, windowed)" : "r-7")));
  }

  /** A citizen's twin on her phone: health data (claustrophobia) and her movement profile. */
  public static ExampleTwin citizen() {
    return new ExampleTwin("citizen-ada", Map.of(
        "data/health/read", payload -> new JsonObject()
            .put("subject", "citizen-ada")
            .put("claustrophobia", true)
            .put("home_floor", 3),
        "data/profile/read", payload -> new JsonObject()
            .put("subject", "citizen-ada")
            .put("home_floor", 3)
            .put("floor_visits", new JsonArray().add(0).add(3).add(5))));
  }

  /** The fire system: a caller with life-safety priority. */
  public static ExampleTwin fireSystem() {
    return new ExampleTwin("fire-system", Map.of(
        "data/alarms/read", payload -> new JsonObject().put("alarms", new JsonArray())));
  }

  /** An employer's HR twin: must never receive special-category data. */
  public static ExampleTwin employer() {
    return new ExampleTwin("acme-hr", Map.of(
        "data/staff/read", payload -> new JsonObject().put("staff", 120)));
  }

  /** The elevator twin: wants passenger profiles for advertising. */
  public static ExampleTwin elevator() {
    return new ExampleTwin("elevator-a", Map.of(
        "data/status/read", payload -> new JsonObject().put("floor", 0).put("moving", false)));
  }

  /** A toy thermal model: indoor temperature from outdoor temperature and occupants. */
  static double predictIndoor(double outdoorC, int occupants) {
    return Math.round((18.0 + 0.15 * outdoorC + 0.3 * occupants) * 10.0) / 10.0;
  }
}
