package io.twinguard.broker.forward;

import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Optional;

/**
 * A target's open stream of gateway events, whether the twin serves them as server-sent events at
 * its endpoint or its adapter relays them (MQTT telemetry, OPC UA monitored items).
 */
public interface EventStream {

  /**
   * The events, one event's data (JSON) per buffer. Back-pressured: pausing it stops reading from
   * the target, and at most a bounded number of events wait for a paused reader.
   */
  ReadStream<Buffer> events();

  /** The artefact that produces the events ({@code sha-256:<hex>}), for a stream through an adapter. */
  Optional<String> artefact();

  /** Closes the stream at the target's side; idempotent. The stream then ends cleanly. */
  void close();

  /**
   * Completes, never fails, once the stream ended and its end handler ran: empty when it ended
   * cleanly (the source completed it or it was closed), else the refusal that says why it broke (the
   * source went away, the subscriber read too slowly), which the broker records.
   */
  Future<Optional<Refusal>> ended();
}
