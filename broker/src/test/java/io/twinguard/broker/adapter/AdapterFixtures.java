package io.twinguard.broker.adapter;

import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.ScriptedAdapters;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.json.JsonObject;

/** The test registry plus a twin reached through a {@code scripted} adapter: the bus company's open data. */
final class AdapterFixtures {

  static final String BUS = "spiffe://test.example/twin/bus-open-data";

  private AdapterFixtures() {}

  /** The test registry with the bus twin, whose adapter has {@code settings}. */
  static Registry registry(ScriptedAdapters scripted, JsonObject settings) {
    return Calls.catalog().registry().with(bus(scripted, settings));
  }

  /** The bus twin, its adapter declared with {@code settings}. */
  static Twin bus(ScriptedAdapters scripted, JsonObject settings) {
    JsonObject twin = new JsonObject()
        .put("id", BUS).put("org", "bus-co").put("class", "transport")
        .put("adapter", new JsonObject().put("type", ScriptedAdapters.TYPE).put("settings", settings))
        .put("blocks", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("kind", "data").put("name", "arrivals")
            .put("operations", new JsonObject().put("arrivals", new JsonObject()))));
    return RegistryCodec.twinFromJson(twin, "twin", scripted.adapters());
  }
}
