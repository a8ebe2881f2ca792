package io.twinguard.policies;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;

/**
 * Seeded random policy inputs that reach every rule: consents valid and broken in each way,
 * special categories, profiling purposes, power-imbalanced callers, proprietary and licensed
 * blocks, signed and unsigned actuation in both modes, redactable fields, and a few malformed
 * inputs.
 */
final class InputGenerator {

  private static final List<String> CLASSES =
      List.of("fire-system", "security", "building", "hvac", "employer", "insurer", "elevator", "room");
  private static final List<String> ORGS =
      List.of("org:building-operator", "org:hvac", "org:acme", "org:lift-co", "org:bâtiment");
  private static final List<String> KINDS = List.of("gateway", "data", "model", "service");
  private static final List<String> OPERATIONS =
      List.of("read", "predict", "simulate", "invoke", "export", "retrain", "inspect", "command", "profile");
  private static final List<String> CATEGORIES =
      List.of("pd:Location", "pd:Age", "pd:MentalHealth", "pd:Health", "pd:Biometric", "pd:HouseNumber");
  private static final List<String> PURPOSES = List.of("dpv:ServiceProvision", "dpv:PersonalisedAdvertising",
      "dpv:Marketing", "dpv:VitalInterest", "dpv:Personalisation");
  private static final List<String> ACTUATORS = List.of("door:floor-3-east", "window:floor-3-1", "damper:floor-3",
      "light:lobby");
  private static final List<String> STATUSES = List.of("given", "given", "given", "withdrawn", "expired", "requested");
  private static final List<String> EXPIRES = List.of("2027-01-01T00:00:00Z", "2026-11-24T09:29:59Z",
      "2026-11-24T11:30:00+02:00", "2026-11-24T10:30:00.5+01:00");
  private static final List<String> FIELDS = List.of("/room", "/conditions/claustrophobia", "/address", "/age");

  private final Random random;

  InputGenerator(long seed) {
    this.random = new Random(seed);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private JsonArray some(List<String> values, int max) {
    JsonArray picked = new JsonArray();
    int count = random.nextInt(max + 1);
    for (int i = 0; i < count; i++) {
      String value = pick(values);
      if (!picked.contains(value)) {
        picked.add(value);
      }
    }
    return picked;
  }

  JsonObject next() {
    String callerOrg = pick(ORGS);
    boolean licensedTarget = random.nextInt(6) == 0;
    JsonObject target = licensedTarget
        ? new JsonObject().put("id", "spiffe://city.example/twin/hvac-room-1").put("org", "org:hvac").put("class", "hvac")
        : new JsonObject().put("id", "spiffe://city.example/twin/t" + random.nextInt(3))
            .put("org", random.nextInt(3) == 0 ? callerOrg : pick(ORGS)).put("class", pick(CLASSES));
    JsonArray categories = some(CATEGORIES, 3);
    JsonObject block = new JsonObject()
        .put("kind", pick(KINDS))
        .put("name", licensedTarget || random.nextBoolean() ? "comfort-model" : "doors")
        .put("operation", pick(OPERATIONS))
        .put("data_categories", categories)
        .put("ip_class", pick(List.of("open", "licensed", "proprietary")))
        .put("actuators", some(ACTUATORS, 3));
    if (random.nextBoolean()) {
      JsonObject fields = new JsonObject();
      for (int i = random.nextInt(4); i > 0; i--) {
        fields.put(pick(FIELDS), pick(CATEGORIES));
      }
      block.put("fields", fields);
    }
    String purpose = pick(PURPOSES);
    JsonArray subjects = new JsonArray();
    for (int i = random.nextInt(4); i > 0; i--) {
      if (!subjects.contains("subject:" + i)) {
        subjects.add("subject:" + random.nextInt(3));
      }
    }
    JsonArray consents = new JsonArray();
    for (int i = random.nextInt(5); i > 0; i--) {
      JsonArray consentCategories = random.nextInt(3) == 0 ? some(CATEGORIES, 3) : categories.copy();
      consents.add(new JsonObject()
          .put("id", "consent:" + i)
          .put("subject", subjects.isEmpty() || random.nextInt(5) == 0 ? "subject:9" : subjects.getString(random.nextInt(subjects.size())))
          .put("recipient_org", random.nextInt(4) == 0 ? pick(ORGS) : callerOrg)
          .put("purposes", random.nextInt(4) == 0 ? new JsonArray().add(pick(PURPOSES)) : new JsonArray().add(purpose))
          .put("data_categories", consentCategories)
          .put("explicit", random.nextBoolean())
          .put("status", pick(STATUSES))
          .put("expires", random.nextInt(4) == 0 ? null : pick(EXPIRES)));
    }
    JsonObject input = new JsonObject()
        .put("caller", new JsonObject().put("id", "spiffe://city.example/twin/c" + random.nextInt(5))
            .put("org", callerOrg).put("class", pick(CLASSES)).put("auth", pick(List.of("mtls", "oidc"))))
        .put("target", target)
        .put("block", block)
        .put("purpose", purpose)
        .put("subjects", subjects)
        .put("consents", consents)
        .put("context", new JsonObject().put("time", "2026-11-24T09:30:00Z")
            .put("mode", random.nextInt(3) == 0 ? "emergency" : "normal").put("signed", random.nextInt(4) != 0));
    if (random.nextInt(5) == 0) {
      // a plain actuation, so that allowed commands of every caller class come up
      block.put("kind", "gateway").put("ip_class", "open").put("data_categories", new JsonArray())
          .put("actuators", new JsonArray().add(pick(ACTUATORS)));
    }
    if (random.nextInt(25) == 0) {
      input.remove(pick(List.of("caller", "block", "context", "subjects")));
    }
    return input;
  }
}
