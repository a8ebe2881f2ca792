package io.twinguard.broker.arbitration;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.broker.call.Leased;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.refusal.ActuatorLeased;
import io.twinguard.policies.Decision;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArbitrateTest {

  static final Decision.Allow FIRE = new Decision.Allow(List.of(), 100, "rev-1");
  static final Decision.Allow COMFORT = new Decision.Allow(List.of(), 40, "rev-1");

  final Arbitrate arbitrate = new Arbitrate(new ActuatorLeases(Calls.CLOCK, Duration.ofSeconds(30)));

  static Calls open(String caller) {
    return Calls.to("thermostat/gateway/valves/open").from(caller).json(new JsonObject().put("valve", "valve:1"));
  }

  @Test
  void apply_callThatMovesNothing_passesWithoutLease() {
    Leased leased = value(arbitrate.apply(Calls.to("thermostat/data/readings/read").decided(COMFORT)));

    assertEquals(List.of(), leased.actuators());
  }

  @Test
  void apply_command_leasesItsActuators() {
    Leased leased = value(arbitrate.apply(open("sprinklers").decided(FIRE)));

    assertEquals(List.of("spiffe://test.example/twin/thermostat#valve:1"), leased.actuators());
  }

  @Test
  void apply_lowerPriorityWhileHigherHolds_isRefusedNamingTheHolder() {
    value(arbitrate.apply(open("sprinklers").decided(FIRE)));

    ActuatorLeased refused = refusal(arbitrate.apply(open("office").decided(COMFORT)),
        ActuatorLeased.class);

    assertEquals("valve:1", refused.actuator());
    assertEquals("spiffe://test.example/twin/sprinklers", refused.holder());
    assertEquals(100, refused.holderPriority());
    assertEquals(40, refused.priority());
    assertEquals(409, refused.problem().status());
  }

  @Test
  void release_commandWithoutEffect_letsTheNextCommandThrough() {
    Leased fire = value(arbitrate.apply(open("sprinklers").decided(FIRE)));

    arbitrate.release(fire);

    value(arbitrate.apply(open("office").decided(COMFORT)));
  }
}
