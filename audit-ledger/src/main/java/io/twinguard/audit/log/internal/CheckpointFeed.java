package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.log.Subscription;
import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands each newly committed checkpoint to every listener, on the listener's own Vert.x context, in
 * commit order (a context runs its tasks in the order they were given). A listener that throws is
 * logged and keeps its place; the others are not affected.
 */
public final class CheckpointFeed {

  private static final Logger LOG = Logger.getLogger(CheckpointFeed.class.getName());

  /** Compared by identity: the same consumer may be registered twice and cancelled once. */
  private static final class Listener {
    final Context context;
    final Consumer<SignedCheckpoint> consumer;

    Listener(Context context, Consumer<SignedCheckpoint> consumer) {
      this.context = context;
      this.consumer = consumer;
    }
  }

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** Registers a listener, called on {@code context}. */
  public Subscription subscribe(Context context, Consumer<SignedCheckpoint> consumer) {
    Listener listener = new Listener(context, consumer);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Delivers a committed checkpoint to every listener registered now. */
  public void publish(SignedCheckpoint checkpoint) {
    for (Listener listener : listeners) {
      listener.context.runOnContext(v -> {
        // cancelled after this task was handed over: deliver nothing more
        if (!listeners.contains(listener)) {
          return;
        }
        try {
          listener.consumer.accept(checkpoint);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "a checkpoint listener failed on tree size " + checkpoint.size(), e);
        }
      });
    }
  }
}
