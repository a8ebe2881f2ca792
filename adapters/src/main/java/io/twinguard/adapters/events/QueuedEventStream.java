package io.twinguard.adapters.events;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.StreamEnd;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link EventStream} over an {@link EventQueue}. However the queue ends (the source ended or
 * failed, the reader was too slow, or {@link #cancel()}), the source's subscription is released
 * exactly once, and {@link #ended()} says how it ended.
 */
public final class QueuedEventStream implements EventStream {

  private final EventQueue queue;
  private final ArtefactDigest artefact;
  private final Future<Void> released;

  /**
   * @param queue the queue the source fills
   * @param artefact the artefact that produces the events
   * @param release releases the source's subscription (unsubscribe, delete the monitored item)
   */
  public QueuedEventStream(EventQueue queue, ArtefactDigest artefact, Supplier<Future<Void>> release) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.artefact = Objects.requireNonNull(artefact, "artefact");
    Objects.requireNonNull(release, "release");
    // a source that cannot release cleanly (its server is gone) has nothing left to release
    this.released = queue.terminated().compose(ended -> release.get()).otherwiseEmpty();
  }

  @Override
  public Future<StreamEnd> ended() {
    return queue.terminated();
  }

  @Override
  public ReadStream<Buffer> events() {
    return queue;
  }

  @Override
  public ArtefactDigest artefact() {
    return artefact;
  }

  /** Ends the stream at once (waiting events are dropped); completes when the source was released. */
  @Override
  public Future<Void> cancel() {
    queue.cancel();
    return released;
  }
}
