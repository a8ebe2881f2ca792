package io.twinguard.examples.usecases;

import io.twinguard.broker.catalogue.CatalogueApi;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * UC4: the Building discovers the Transportation twin's arrivals in the registry's catalogue
 * ({@code GET /v1/catalogue}) and starts using them for its purpose, through the broker, with
 * nothing changed on the Transportation side.
 */
final class Uc4Discovery implements UseCase {

  @Override
  public String id() {
    return "UC4";
  }

  @Override
  public String title() {
    return "the Building discovers the Transportation twin's arrivals in the catalogue and uses them by purpose";
  }

  @Override
  public void play(Script s) throws Exception {
    JsonObject transportBefore = Admin.declaration(s, "transportation");
    s.tell("Building asks the registry's catalogue for data blocks named arrivals (GET " + CatalogueApi.PATH
        + "?kind=data&block=arrivals)");
    TwinClient.Answer catalogue = City.await(s.city.client("building-hq").get(CatalogueApi.PATH + "?kind=data&block=arrivals"));
    s.expect("catalogue", catalogue.status() == 200, "200", catalogue.status() + " " + Script.summary(catalogue));
    List<JsonObject> offers = catalogue.json().getJsonArray("twins").stream().map(JsonObject.class::cast).toList();
    offers.forEach(t -> s.tell("  offered: " + t.getString("name") + " (" + t.getString("org") + ", class "
        + t.getString("class") + "), operations " + t.getJsonArray("blocks").getJsonObject(0).getJsonObject("operations").fieldNames()));
    s.expect("catalogue", offers.stream().noneMatch(t -> t.containsKey("endpoint") || t.containsKey("adapter")),
        "no endpoint or adapter shown", offers.toString());
    JsonObject chosen = offers.stream()
        .filter(t -> t.getJsonArray("blocks").getJsonObject(0).getJsonObject("operations").containsKey("read"))
        .findFirst().orElseThrow(() -> new StepFailed(id(), "catalogue", "a twin with data/arrivals/read", offers.toString()));
    s.expect("catalogue", "transportation".equals(chosen.getString("name")), "the Transportation twin",
        chosen.getString("name"));
    s.tell("Building picks " + chosen.getString("name") + " and calls it for its purpose");

    Script.Outcome arrivals = s.call("Building reads the arrivals at its gate for service provision", "building-hq",
        "transportation/data/arrivals/read", "dpv:ServiceProvision", null, new JsonObject().put("stop", "hq-main-gate"),
        false, 200);
    s.expect("arrivals", arrivals.json().getJsonArray("arrivals").size() == 2, "2 arrivals", arrivals.json().encode());
    s.expect("the Transportation side", transportBefore.equals(Admin.declaration(s, "transportation")),
        "its declaration unchanged", "it changed");
    s.tell("nothing changed on the Transportation side: same declaration, no registry change");
  }
}
