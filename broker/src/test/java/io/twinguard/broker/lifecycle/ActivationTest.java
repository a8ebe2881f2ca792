package io.twinguard.broker.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.broker.lifecycle.store.Activation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationTest {

  static Activation row(long seq, String revision, String action) {
    return new Activation(seq, revision, action, Optional.empty(), "spiffe://test.example/admin", Instant.EPOCH);
  }

  @Test
  void stack_activationsAndRollbacks_leaveTheRevisionsNotRolledBack() {
    List<Activation> history = List.of(row(1, "a", Activation.ACTIVATE), row(2, "b", Activation.ACTIVATE),
        row(3, "c", Activation.ACTIVATE), row(4, "b", Activation.ROLLBACK), row(5, "d", Activation.ACTIVATE));

    assertEquals(List.of("a", "b", "d"), Activation.stack(history));
  }

  @Test
  void stack_rollbackToTheFirst_leavesOnlyIt() {
    assertEquals(List.of("a"), Activation.stack(List.of(row(1, "a", Activation.ACTIVATE),
        row(2, "b", Activation.ACTIVATE), row(3, "a", Activation.ROLLBACK))));
  }

  @Test
  void stack_noHistory_isEmpty() {
    assertEquals(List.of(), Activation.stack(List.of()));
  }
}
