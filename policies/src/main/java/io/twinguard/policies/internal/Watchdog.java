package io.twinguard.policies.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per engine that interrupts any evaluation running longer than the timeout.
 * It does not wake per decision: it sleeps until the earliest deadline of the evaluations running
 * when it last looked, or one timeout from then, since an evaluation that starts later has a later
 * deadline. An overrun is therefore stopped within the timeout plus the thread's wake-up latency.
 */
final class Watchdog implements Runnable {

  private final List<Lane> lanes;
  private final long timeoutNanos;
  private final long epoch;
  private final Thread thread;
  private volatile boolean stopped;

  Watchdog(List<Lane> lanes, Duration timeout, long epoch) {
    this.lanes = List.copyOf(lanes);
    this.timeoutNanos = timeout.toNanos();
    this.epoch = epoch;
    this.thread = new Thread(this, "twinguard-policy-watchdog");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    while (!stopped) {
      long now = System.nanoTime() - epoch;
      long next = now + timeoutNanos;
      for (Lane lane : lanes) {
        next = Math.min(next, lane.interruptIfOverdue(now, timeoutNanos));
      }
      LockSupport.parkNanos(this, Math.max(1, next - now));
    }
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }
}
