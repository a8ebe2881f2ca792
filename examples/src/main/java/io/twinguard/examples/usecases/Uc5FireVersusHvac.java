package io.twinguard.examples.usecases;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * UC5: the fire system and the HVAC twin command the same doors. In the emergency only life-safety
 * systems move doors (the HVAC is told the safety policy's reason); after it, the fire system's
 * lease still holds the door (the HVAC is told who holds it and until when); once the lease ends,
 * the HVAC's command goes through.
 */
final class Uc5FireVersusHvac implements UseCase {

  private static final String CLOSE = "building-hq/gateway/doors/close";
  private static final JsonObject DOOR_1 = new JsonObject().put("door", "door:1");

  @Override
  public String id() {
    return "UC5";
  }

  @Override
  public String title() {
    return "fire system versus HVAC on the same doors: fire wins, the HVAC is told why, then goes through";
  }

  @Override
  public void play(Script s) throws Exception {
    Admin.mode(s, "emergency");
    s.call("Fire system opens door 1 (life safety, signed)", "fire-system", "building-hq/gateway/doors/open",
        "dpv:VitalInterest", null, DOOR_1, true, 200);
    Script.Outcome locked = s.call("HVAC closes door 1 during the emergency", "hvac-room-12", CLOSE,
        "dpv:ServiceProvision", null, DOOR_1, true, 403);
    s.expectReason("emergency", locked, "safety", "emergency_lockout");
    Admin.mode(s, "normal");

    Script.Outcome held = s.call("HVAC closes door 1 after the emergency, the fire system's lease still on",
        "hvac-room-12", CLOSE, "dpv:ServiceProvision", null, DOOR_1, true, 409);
    JsonObject problem = held.json();
    s.expect("lease", s.city.id("fire-system").equals(problem.getString("holder")), "the fire system named as holder",
        problem.encode());
    Instant until = Instant.parse(problem.getString("until"));
    // the problem gives the end to the second: wait a second past it, on the broker's clock
    long waitMs = Math.max(0, Duration.between(s.city.clock.instant(), until).toMillis()) + 1_000;
    s.tell("the HVAC waits for the lease to end at " + until + " (" + waitMs + " ms)");
    Promise<Void> ended = Promise.promise();
    s.city.vertx.setTimer(waitMs, id -> ended.complete());
    City.await(ended.future());

    s.call("HVAC closes door 1 once the lease ended", "hvac-room-12", CLOSE, "dpv:ServiceProvision", null, DOOR_1,
        true, 200);
  }
}
