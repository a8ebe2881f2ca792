package io.twinguard.audit.log.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that stands still and a timer whose tasks run when the test advances it. */
final class ManualTimer implements BatchingQueue.Timer {
  record Task(long due, Runnable run) {}

  long now = 1_000;
  final List<Task> tasks = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void schedule(long delayNanos, Runnable task) {
    tasks.add(new Task(now + delayNanos, task));
  }

  void advance(Duration by) {
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      now += by.toNanos();
      tasks.removeIf(t -> t.due() <= now && due.add(t));
    }
    due.forEach(t -> t.run().run());
  }
}
