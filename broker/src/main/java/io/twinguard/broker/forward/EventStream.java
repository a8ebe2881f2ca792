package io.twinguard.broker.forward;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;

/**
 * A target's open stream of gateway events, as server-sent-event text in chunks.
 *
 * @param chunks the stream; pause it to stop reading from the target (back-pressure)
 * @param close closes the stream at the target's side
 */
public record EventStream(ReadStream<Buffer> chunks, Runnable close) {
  public EventStream {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(close, "close");
  }
}
