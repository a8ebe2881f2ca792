package io.twinguard.examples.usecases;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * UC1: the Room twin uses the HVAC twin's comfort service, runs the HVAC company's thermal model as
 * a black box (the city's {@link ThermalModel} variant: a sandboxed executable behind the blackbox
 * adapter, or an FMU co-simulated behind the fmu adapter) but may not export it, reads
 * the climate data about Ada only once she consents, and follows the vents' gateway events with
 * the occupant field redacted.
 */
final class Uc1RoomUsesHvac implements UseCase {

  private static final String SERVICE = "dpv:ServiceProvision";

  @Override
  public String id() {
    return "UC1";
  }

  @Override
  public String title() {
    return "the Room uses the HVAC's service, its thermal model as a black box, its climate data and its events";
  }

  @Override
  public void play(Script s) throws Exception {
    Script.Outcome plan = s.call("Room uses the HVAC comfort service", "room-12", "hvac-room-12/service/comfort/plan",
        SERVICE, null, new JsonObject().put("room", "r-12").put("target_c", 21.5), false, 200);
    s.expect("comfort plan", plan.json().getDouble("target_c") == 21.5, "target 21.5", plan.json().encode());

    ThermalModel model = s.city.variants.thermal();
    s.tell("variant " + model.variant() + ": the thermal model is " + model.describe());
    Script.Outcome predicted = s.call("Room runs the HVAC thermal model, " + model.describe(), "room-12",
        "hvac-thermal/model/thermal/predict", SERVICE, null, model.request(), false, 200);
    s.expect("thermal model", model.holds(predicted.json()), model.expected(), predicted.json().encode());
    String artefact = predicted.record().getString("artefact", "");
    String digest = "sha-256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(s.city.thermalArtefact)));
    s.expect("thermal model", artefact.equals(digest), "the model's digest in the record (" + digest + ")", artefact);
    s.tell("the record binds the model version: " + artefact);

    Script.Outcome export = s.call("Room tries to export the proprietary thermal model", "room-12",
        "hvac-thermal/model/thermal/export", SERVICE, null, null, false, 403);
    s.expectReason("export", export, "ip", "proprietary_operation");

    Script.Outcome denied = s.call("Room reads the climate data about Ada without her consent", "room-12",
        "hvac-room-12/data/climate/read", SERVICE, "citizen-ada", null, false, 403);
    s.expectReason("climate without consent", denied, "privacy", "consent_missing");
    Citizen ada = Citizen.inProcess(s.city.consent.service());
    Consents.change(s, "grants the Room's request (climate data, pd:Location, service provision)", Citizen.ADA,
        ada::grant, Consents.request(ada, "city-buildings", "pd:Location"));
    Script.Outcome read = s.call("Room reads the climate data about Ada with her consent", "room-12",
        "hvac-room-12/data/climate/read", SERVICE, "citizen-ada", null, false, 200);
    s.expect("climate with consent", read.json().containsKey("occupants"), "the occupants released",
        read.json().encode());

    Gateway gateway = s.city.variants.gateway();
    s.tell("variant " + gateway.variant() + ": the vent events come from " + gateway.describe());
    List<JsonObject> events = Events.first(s, "room-12", gateway.block(), SERVICE, 2);
    s.expect("vent events", events.size() == 2 && events.stream().noneMatch(e -> e.containsKey("occupant"))
        && events.stream().allMatch(e -> e.containsKey("position")),
        "2 events, positions released, occupant redacted", events.toString());
  }
}
