package io.twinguard.policies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The watchdog's hand-shake with a lane, driven with made-up times on the test's thread. */
class LaneTest {

  private static final long TIMEOUT = 1_000_000;

  private final long epoch = System.nanoTime() - 1;
  private final Lane lane = new Lane(0, Thread.currentThread(), epoch);

  private long now() {
    return System.nanoTime() - epoch;
  }

  @Test
  void interruptIfOverdue_idleLane_neverInterrupts() {
    assertEquals(Long.MAX_VALUE, lane.interruptIfOverdue(now() + 10 * TIMEOUT, TIMEOUT));
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void interruptIfOverdue_withinTime_returnsTheDeadlineWithoutInterrupting() {
    long stamp = lane.begin();
    assertEquals(stamp + TIMEOUT, lane.interruptIfOverdue(stamp + TIMEOUT - 1, TIMEOUT));
    assertFalse(Thread.currentThread().isInterrupted());
    assertFalse(lane.end(stamp));
  }

  @Test
  void interruptIfOverdue_overdue_interruptsAndEndReportsAndClearsIt() {
    long stamp = lane.begin();
    assertEquals(Long.MAX_VALUE, lane.interruptIfOverdue(stamp + TIMEOUT, TIMEOUT));
    assertTrue(Thread.currentThread().isInterrupted());
    assertTrue(lane.end(stamp));
    assertFalse(Thread.interrupted(), "the interrupt does not outlive the evaluation");
  }

  @Test
  void interruptIfOverdue_afterTheEvaluationEnded_doesNothingToTheNextOne() {
    long first = lane.begin();
    assertFalse(lane.end(first));
    long second = lane.begin();
    assertTrue(second > first, "stamps increase");
    assertEquals(second + TIMEOUT, lane.interruptIfOverdue(second, TIMEOUT));
    assertFalse(Thread.currentThread().isInterrupted());
    assertFalse(lane.end(second));
  }
}
