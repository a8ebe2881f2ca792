package io.twinguard.policies.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that evaluates policies on instances of its own (an event loop, or the engine's worker),
 * and the state a {@link Watchdog} reads to interrupt an evaluation that overran the timeout.
 *
 * <p>Chicory's compiled code checks {@link Thread#isInterrupted()} at every call and loop back-edge
 * and then throws {@code ChicoryInterruptedException}, so an interrupt stops a runaway evaluation.
 * An interrupt must never outlive the evaluation it was meant for (an event loop would carry it into
 * unrelated work): each evaluation has a stamp, the watchdog claims exactly that stamp before it
 * interrupts, and {@link #end} waits for a claimed interrupt to land and clears it.
 */
final class Lane {

  private static final long IDLE = 0;
  private static final long CLAIMED = -1;
  private static final long INTERRUPTED = -2;

  private final int index;
  private final Thread thread;
  private final long epoch;
  /** The running evaluation's stamp (its start in nanoseconds after the epoch), or a state above. */
  private final AtomicLong running = new AtomicLong(IDLE);
  /** Only read and written by this lane's thread. */
  private long lastStamp;

  /**
   * @param index the lane's place in the engine's instance arrays
   * @param thread the only thread that evaluates on this lane
   * @param epoch a {@link System#nanoTime()} before any evaluation, shared with the watchdog
   */
  Lane(int index, Thread thread, long epoch) {
    this.index = index;
    this.thread = thread;
    this.epoch = epoch;
  }

  int index() {
    return index;
  }

  Thread thread() {
    return thread;
  }

  /** Called by the lane's thread before an evaluation; the stamp identifies it in {@link #end}. */
  long begin() {
    // strictly increasing, so that a claim for one evaluation cannot match the next one
    long stamp = Math.max(lastStamp + 1, System.nanoTime() - epoch);
    lastStamp = stamp;
    running.set(stamp);
    return stamp;
  }

  /**
   * Called by the lane's thread after the evaluation {@code stamp}, even when it threw. Returns
   * whether the watchdog interrupted it; the interrupt it sent has then been cleared.
   */
  boolean end(long stamp) {
    if (running.compareAndSet(stamp, IDLE)) {
      return false;
    }
    // claimed: the watchdog is between its claim and its interrupt, a few instructions away
    // (unless it was descheduled there: then give it the core)
    for (int spins = 0; running.get() != INTERRUPTED; spins++) {
      if (spins < 1000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    Thread.interrupted();
    running.set(IDLE);
    return true;
  }

  /**
   * Called by the watchdog at {@code now} (nanoseconds after the epoch): interrupts the running
   * evaluation when it started {@code timeoutNanos} ago or more. Returns the deadline of an
   * evaluation still within its time, else {@link Long#MAX_VALUE}.
   */
  long interruptIfOverdue(long now, long timeoutNanos) {
    long stamp = running.get();
    if (stamp <= IDLE) {
      return Long.MAX_VALUE;
    }
    long deadline = stamp + timeoutNanos;
    if (now < deadline) {
      return deadline;
    }
    if (running.compareAndSet(stamp, CLAIMED)) {
      thread.interrupt();
      running.set(INTERRUPTED);
    }
    return Long.MAX_VALUE;
  }
}
