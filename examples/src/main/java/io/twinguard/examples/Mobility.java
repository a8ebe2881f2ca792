package io.twinguard.examples;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The mobility twins of UC3 and UC4: the City twin (a consumer of the bus company's open data,
 * which is a legacy API behind the rest-mapping adapter, see {@link LegacyBusCompany}) and the
 * Transportation twin the Building discovers in the registry's catalogue.
 */
public final class Mobility {

  private Mobility() {}

  /** The City twin: it reads bus arrivals and exposes its own traffic summary. */
  public static ExampleTwin city() {
    return new ExampleTwin("city-hall", Map.of(
        "data/traffic/read", payload -> new JsonObject().put("congestion", 0.4)));
  }

  /** The Transportation twin: arrivals at a stop, served to whoever the policies allow. */
  public static ExampleTwin transportation() {
    return new ExampleTwin("transportation", Map.of(
        "data/arrivals/read", payload -> new JsonObject()
            .put("stop", payload.getString("stop", "hq-main-gate"))
            .put("arrivals", new JsonArray()
                .add(new JsonObject().put("line", "12").put("due_in_s", 180))
                .add(new JsonObject().put("line", "40").put("due_in_s", 420)))));
  }
}
