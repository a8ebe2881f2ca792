package io.twinguard.broker.forward;

import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.util.Optional;

/**
 * The server-sent event stream a twin serves at its endpoint. It ends cleanly when the twin ends its
 * answer or the broker closes it; a connection that breaks first ends it as the target gone away.
 */
final class HttpEventStream implements EventStream {

  private final HttpClientResponse response;
  private final SseEvents events;
  private final String target;
  private volatile boolean closed;

  /** @param response the twin's 200 answer, paused */
  HttpEventStream(HttpClientResponse response, String target) {
    this.response = response;
    this.events = new SseEvents(response);
    this.target = target;
  }

  @Override
  public ReadStream<Buffer> events() {
    return events;
  }

  @Override
  public Optional<String> artefact() {
    return Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
    response.request().connection().close();
  }

  @Override
  public Future<Optional<Refusal>> ended() {
    return events.finished().map(failure -> failure == null || closed
        ? Optional.<Refusal>empty()
        : Optional.of(new Refusal.TargetUnavailable("the event stream of " + target + " broke off")));
  }
}
