package io.twinguard.examples.usecases;

import io.twinguard.examples.Agriculture;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * UC2: the grower replaces the Strawberry twin of the greenhouse bed by a Tomato twin through the
 * admin API. The Room twin is not changed: it asks for the same name and operation, and the
 * registry resolves it to the Tomato twin.
 */
final class Uc2PlantReplaced implements UseCase {

  private static final String READ = Agriculture.PLANT + "/data/growth/read";

  @Override
  public String id() {
    return "UC2";
  }

  @Override
  public String title() {
    return "the Strawberry twin is replaced by a Tomato twin; the Room is not changed and keeps working";
  }

  @Override
  public void play(Script s) throws Exception {
    JsonObject roomBefore = Admin.declaration(s, "room-12");
    Script.Outcome before = s.call("Room reads the greenhouse plant", "room-12", READ, "dpv:ServiceProvision",
        null, null, false, 200);
    String cropBefore = before.json().getString("crop");
    s.tell("the greenhouse bed grows " + cropBefore);

    HttpServer tomato = City.await(s.city.ecosystem.startTwin(s.city.vertx, Agriculture.tomato()));
    s.city.started(tomato);
    s.tell("the grower starts the Tomato twin on port " + tomato.actualPort());
    JsonObject declaration = Admin.declaration(s, Agriculture.PLANT)
        .put("class", "tomato")
        .put("endpoint", "https://127.0.0.1:" + tomato.actualPort());
    Admin.put(s, "replace " + Agriculture.PLANT + " by the Tomato twin", Agriculture.PLANT, declaration);

    Script.Outcome after = s.call("Room reads the greenhouse plant, unchanged", "room-12", READ,
        "dpv:ServiceProvision", null, null, false, 200);
    s.expect("after the replacement", "tomato".equals(after.json().getString("crop")), "crop tomato",
        after.json().encode());
    s.expect("after the replacement", after.json().fieldNames().equals(before.json().fieldNames()),
        "the same answer shape", after.json().fieldNames().toString());
    s.expect("the Room", roomBefore.equals(Admin.declaration(s, "room-12")), "the Room's declaration unchanged",
        "it changed");
    s.tell("the Room's declaration and calls are unchanged; it now reads the Tomato twin");
  }
}
