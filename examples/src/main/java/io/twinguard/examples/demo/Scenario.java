package io.twinguard.examples.demo;

import io.vertx.core.json.JsonObject;

/**
 * One call the demo plays through the broker, and the status it must get.
 *
 * @param useCase the use case it illustrates (UC1, UC5, UC6)
 * @param story what happens, in one line
 * @param caller the calling twin's name
 * @param path {@code twin/kind/block/operation}
 * @param purpose the DPV purpose declared
 * @param subjects the data subjects, comma-separated, or null
 * @param payload the JSON payload, or null
 * @param sign whether the caller signs the request (RFC 9421)
 * @param expectedStatus the HTTP status the broker must answer
 */
record Scenario(String useCase, String story, String caller, String path, String purpose, String subjects,
    JsonObject payload, boolean sign, int expectedStatus) {

  /** The demo's script: allowed, denied with reasons, redacted and arbitrated calls. */
  static java.util.List<Scenario> script() {
    return java.util.List.of(
        new Scenario("UC1", "Room uses the HVAC comfort service", "room-12",
            "hvac-room-12/service/comfort/plan", "dpv:ServiceProvision", null,
            new JsonObject().put("room", "r-12").put("target_c", 21.5), false, 200),
        new Scenario("UC1", "Room runs the HVAC thermal model as a black box", "room-12",
            "hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
            new JsonObject().put("outdoor_c", 4.0).put("occupants", 6), false, 200),
        new Scenario("UC1", "Room tries to export the proprietary thermal model", "room-12",
            "hvac-room-12/model/thermal/export", "dpv:ServiceProvision", null, null, false, 403),
        new Scenario("UC1", "Room reads HVAC climate data about Ada without her consent", "room-12",
            "hvac-room-12/data/climate/read", "dpv:ServiceProvision", "citizen-ada", null, false, 403),
        new Scenario("UC5", "Fire system opens door 1 (signed command, life safety)", "fire-system",
            "building-hq/gateway/doors/open", "dpv:VitalInterest", null,
            new JsonObject().put("door", "door:1"), true, 200),
        new Scenario("UC5", "HVAC closes the same door while the fire system holds it", "hvac-room-12",
            "building-hq/gateway/doors/close", "dpv:ServiceProvision", null,
            new JsonObject().put("door", "door:1"), true, 409),
        new Scenario("UC6", "Building books a room for Ada with her explicit consent", "building-hq",
            "citizen-ada/data/health/read", "dpv:ServiceProvision", "citizen-ada", null, false, 200),
        new Scenario("UC6", "Ada's employer asks for her health data", "acme-hr",
            "citizen-ada/data/health/read", "dpv:HumanResourceManagement", "citizen-ada", null, false, 403),
        new Scenario("UC6", "Elevator profiles Ada for advertising without explicit consent", "elevator-a",
            "citizen-ada/data/profile/read", "dpv:PersonalisedAdvertising", "citizen-ada", null, false, 403));
  }
}
