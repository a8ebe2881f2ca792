package io.twinguard.policies.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The engine's own thread for callers that are not on one of its event loops (a Vert.x worker, a
 * plain thread, another Vert.x instance): it runs their decisions one at a time on its own
 * instance. The queue is bounded; a full queue refuses the task (the engine then answers
 * undecided) rather than growing without limit.
 */
final class WorkerLane implements Runnable {

  private final BlockingQueue<Runnable> queue;
  private final Thread thread;
  private volatile boolean closed;

  WorkerLane(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this, "twinguard-policy-worker");
    thread.setDaemon(true);
  }

  Thread thread() {
    return thread;
  }

  void start() {
    thread.start();
  }

  /**
   * Queues a task; false when the queue is full or the lane is closed, and the task will then never
   * run. A task accepted is run exactly once, also when the lane closes meanwhile.
   */
  boolean offer(Runnable task) {
    if (closed || !queue.offer(task)) {
      return false;
    }
    // closed while offering: the worker may already have drained the queue and stopped
    return !closed || !queue.remove(task);
  }

  @Override
  public void run() {
    while (!closed) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        continue;
      }
      task.run();
    }
    List<Runnable> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(Runnable::run);
  }

  /** Stops the thread once its current task is done; queued tasks still run (and see the engine closed). */
  void close() {
    closed = true;
    thread.interrupt();
  }
}
