package io.twinguard.broker.registry;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.common.twin.BlockKind;
import org.junit.jupiter.api.Test;

class ResolveTest {

  static final Resolve RESOLVE = new Resolve();

  @Test
  void apply_registeredOperation_resolvesTargetBlockAndOperation() {
    Resolved resolved = value(RESOLVE.apply(Calls.to("thermostat/model/heating/predict").admitted()));

    assertEquals("spiffe://test.example/twin/thermostat", resolved.target().id());
    assertEquals(BlockKind.MODEL, resolved.block().kind());
    assertEquals("predict", resolved.operation().name());
  }

  @Test
  void apply_unknownTwin_isUnknownTarget() {
    assertTrue(refusal(RESOLVE.apply(Calls.to("nobody/data/readings/read").admitted()), Refusal.UnknownTarget.class)
        .detail().contains("nobody"));
  }

  @Test
  void apply_unknownKind_isUnknownTarget() {
    refusal(RESOLVE.apply(Calls.to("thermostat/database/readings/read").admitted()), Refusal.UnknownTarget.class);
  }

  @Test
  void apply_unknownBlock_isUnknownTarget() {
    refusal(RESOLVE.apply(Calls.to("thermostat/data/history/read").admitted()), Refusal.UnknownTarget.class);
  }

  @Test
  void apply_unknownOperation_isUnknownTarget() {
    assertTrue(refusal(RESOLVE.apply(Calls.to("thermostat/data/readings/delete").admitted()),
        Refusal.UnknownTarget.class).detail().contains("delete"));
  }
}
