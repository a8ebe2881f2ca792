package io.twinguard.examples.usecases;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Follows a gateway block's events through the broker, wherever they come from (the city's {@link
 * Gateway} variant: the HVAC twin's own server-sent events, or a vent controller behind Mosquitto
 * and the mqtt adapter); the broker streams them to the subscriber as server-sent events either way.
 */
final class Events {

  private Events() {}

  /** Subscribes as {@code caller}, reads the first {@code count} events, then ends the subscription. */
  static List<JsonObject> first(Script s, String caller, String block, String purpose, int count) throws Exception {
    s.tell("Room subscribes to " + block + " events for " + purpose + " (from "
        + s.city.variants.gateway().describe() + ")");
    HttpClientResponse response = City.await(s.city.client(caller).subscribe(block, purpose));
    s.expect("subscribe", response.statusCode() == 200, "200", String.valueOf(response.statusCode()));
    Promise<List<JsonObject>> read = Promise.promise();
    List<JsonObject> events = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    response.handler((Buffer chunk) -> {
      pending.append(chunk.toString());
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0 && events.size() < count) {
        String event = pending.substring(0, end);
        pending.delete(0, end + 2);
        if (event.lines().anyMatch(line -> line.startsWith("event: end"))) {
          continue;
        }
        event.lines().filter(line -> line.startsWith("data: ")).findFirst()
            .ifPresent(line -> events.add(new JsonObject(line.substring("data: ".length()))));
      }
      if (events.size() >= count) {
        read.tryComplete(List.copyOf(events));
        // shutting the connection down at once ends the subscription (close() would wait for the
        // stream to end first, which an event stream never does)
        HttpConnection connection = response.request().connection();
        connection.exceptionHandler(expected -> { });
        connection.shutdown(0, TimeUnit.SECONDS);
      }
    });
    response.exceptionHandler(read::tryFail);
    response.endHandler(done -> read.tryComplete(List.copyOf(events)));
    response.resume();
    List<JsonObject> got = City.await(read.future());
    got.forEach(e -> s.tell("  event: " + e.encode()));
    return got;
  }
}
