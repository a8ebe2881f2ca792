package io.twinguard.broker.adapter;

import io.twinguard.adapters.StreamEnd;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.refusal.AdapterFailed;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Optional;

/**
 * An adapter's event stream (MQTT telemetry, OPC UA monitored items) as the broker relays it. A
 * stream that fails (the source went away, the subscriber fell behind, the adapter was closed) ends
 * with the refusal its failure maps to, which the broker records; one the source completed or the
 * broker cancelled ends cleanly.
 */
final class AdapterEventStream implements EventStream {

  private final io.twinguard.adapters.EventStream stream;

  AdapterEventStream(io.twinguard.adapters.EventStream stream) {
    this.stream = stream;
  }

  @Override
  public ReadStream<Buffer> events() {
    return stream.events();
  }

  @Override
  public Optional<String> artefact() {
    return Optional.of(stream.artefact().uri());
  }

  @Override
  public void close() {
    stream.cancel();
  }

  @Override
  public Future<Optional<Refusal>> ended() {
    return stream.ended().map(AdapterEventStream::refusal);
  }

  private static Optional<Refusal> refusal(StreamEnd end) {
    if (end instanceof StreamEnd.Failed failed) {
      return Optional.of(new AdapterFailed(failed.failure()));
    }
    return Optional.empty();
  }
}
