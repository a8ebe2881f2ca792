package io.twinguard.examples.usecases;

import io.twinguard.common.yaml.Yaml;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * UC3: two farms share the irrigation tank. Each opens only its own outlet and sees of the other
 * farm only what every member may see (policy data {@code shared_resources}, rules in
 * {@code twinguard.sharing}); an organisation without an allocation is refused. Then the bus company
 * changes its open-data format: the City twin's calls fail until the operator changes the mapping
 * through the admin API, and then get the same answer as before.
 */
final class Uc3SharedWater implements UseCase {

  private static final String SERVICE = "dpv:ServiceProvision";
  private static final String LEVELS = "irrigation-tank/data/levels/read";
  private static final String ARRIVALS = "bus-open-data/data/arrivals/arrivals";

  @Override
  public String id() {
    return "UC3";
  }

  @Override
  public String title() {
    return "two farms share the irrigation tank by policy; the bus company's format change is a mapping change";
  }

  @Override
  public void play(Script s) throws Exception {
    JsonObject litres = new JsonObject().put("litres", 500);
    s.call("North farm opens its own outlet", "farm-north", "irrigation-tank/gateway/valve-north/open", SERVICE,
        null, litres, true, 200);
    Script.Outcome foreign = s.call("North farm tries the south farm's outlet", "farm-north",
        "irrigation-tank/gateway/valve-south/open", SERVICE, null, litres, true, 403);
    s.expectReason("foreign outlet", foreign, "sharing", "allocation_not_held");

    Script.Outcome north = s.call("North farm reads the tank", "farm-north", LEVELS, SERVICE, null, null, false, 200);
    JsonObject farms = north.json().getJsonObject("farms");
    s.expect("north's view", farms.getJsonObject("north").containsKey("crop")
        && !farms.getJsonObject("south").containsKey("crop") && !farms.getJsonObject("south").containsKey("schedule")
        && farms.getJsonObject("south").containsKey("drawn_l"),
        "its own part whole, of the south farm only drawn_l", farms.encode());
    Script.Outcome south = s.call("South farm reads the tank", "farm-south", LEVELS, SERVICE, null, null, false, 200);
    farms = south.json().getJsonObject("farms");
    s.expect("south's view", farms.getJsonObject("south").containsKey("crop")
        && !farms.getJsonObject("north").containsKey("crop"), "its own part whole, of the north farm only drawn_l",
        farms.encode());
    Script.Outcome stranger = s.call("The City reads the tank", "city-hall", LEVELS, SERVICE, null, null, false, 403);
    s.expectReason("no allocation", stranger, "sharing", "not_a_member");

    JsonObject stop = new JsonObject().put("stop", "hq-main-gate");
    Script.Outcome v1 = s.call("City reads bus arrivals (the bus company's format v1)", "city-hall", ARRIVALS,
        SERVICE, null, stop, false, 200);
    s.city.bus.retireV1();
    s.tell("the bus company switches its open data to format v2; v1 is gone");
    s.call("City reads bus arrivals, the mapping still v1", "city-hall", ARRIVALS, SERVICE, null, stop, false, 502);
    JsonObject v2 = new JsonObject(Yaml.parseMapping(Resources.text("bus-open-data-v2.yaml")
        .replace("${BUS_API}", s.city.placeholders.get("BUS_API")), "bus-open-data-v2.yaml"));
    Admin.put(s, "the mapping of bus-open-data changes to v2", "bus-open-data", v2);
    Script.Outcome after = s.call("City reads bus arrivals, its call unchanged", "city-hall", ARRIVALS, SERVICE,
        null, stop, false, 200);
    s.expect("after the mapping change", same(after.json(), v1.json()), "the same answer as with v1 " + v1.json().encode(),
        after.json().encode());
    s.expect("after the mapping change", !after.record().getString("artefact", "").equals(v1.record().getString("artefact")),
        "a new mapping digest in the record", after.record().getString("artefact"));
    s.tell("the same answer in the City's units; the records name the mapping in force: "
        + v1.record().getString("artefact") + " then " + after.record().getString("artefact"));
  }

  /** The same arrivals in the same units (numbers equal to a micro-unit: the v1 ones went through a conversion). */
  private static boolean same(JsonObject a, JsonObject b) {
    if (!a.fieldNames().equals(b.fieldNames())) {
      return false;
    }
    for (String name : a.fieldNames()) {
      Object x = a.getValue(name);
      Object y = b.getValue(name);
      boolean equal = x instanceof Number n && y instanceof Number m ? Math.abs(n.doubleValue() - m.doubleValue()) < 1e-6
          : x instanceof JsonObject o && y instanceof JsonObject p ? same(o, p)
          : x instanceof JsonArray l && y instanceof JsonArray k
              ? l.size() == k.size() && IntStream.range(0, l.size())
                  .allMatch(i -> same(new JsonObject().put("v", l.getValue(i)), new JsonObject().put("v", k.getValue(i))))
          : Objects.equals(x, y);
      if (!equal) {
        return false;
      }
    }
    return true;
  }
}
