package io.twinguard.adapters.mqtt;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.Health;
import io.twinguard.adapters.events.EventQueue;
import io.twinguard.adapters.events.OnContext;
import io.twinguard.adapters.events.QueuedEventStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Serves a device behind an MQTT broker (Mosquitto): a gateway block's telemetry topic becomes its
 * event stream, and a command operation becomes one MQTT publish.
 *
 * <p>Events: the adapter keeps one MQTT session and one QoS 0 subscription per topic filter, shared
 * by all of a block's streams; each message is offered to every open stream's bounded
 * {@link EventQueue}. QoS 0 because a telemetry sample is superseded by the next one: neither
 * Mosquitto nor the adapter keeps a message for later, the adapter reads its socket at full speed,
 * and a subscriber that falls {@code event_capacity} messages behind has its stream ended with
 * {@code SubscriberTooSlow}, so memory is bounded by capacity x streams x payload size. Messages
 * that are not JSON or larger than {@code max_payload_bytes} are dropped and counted. When the
 * session is lost every stream fails with {@code Unreachable}; the next call or subscription
 * connects again.
 *
 * <p>Commands: the payload must satisfy the command's request schema; it is then published with
 * QoS 1 and the call answers after the broker's PUBACK, so an answer means the broker has it. The
 * broker calls this only after its decision and arbitration.
 *
 * <p>All state is confined to one Vert.x context; public methods hop onto it.
 */
final class MqttAdapter implements Adapter {

  private final Context context;
  private final Vertx vertx;
  private final MqttSettings settings;
  private final MqttConnection connection;
  private final Map<String, List<EventQueue>> streams = new HashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private boolean closed;

  MqttAdapter(Vertx vertx, MqttSettings settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.connection = new MqttConnection(vertx, settings, this::received, this::lost);
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    return OnContext.call(context, () -> {
      if (closed) {
        return AdapterException.failed(new AdapterFailure.Closed());
      }
      MqttSettings.Command command = settings.command(call.block(), call.operation());
      if (command == null) {
        return AdapterException.failed(new AdapterFailure.UnknownOperation(call.block(), call.operation()));
      }
      String payload = new String(call.payload(), StandardCharsets.UTF_8);
      try {
        Json.decodeValue(payload);
      } catch (DecodeException e) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("the payload is not JSON"));
      }
      List<String> violations = command.requestSchema().violations(payload);
      if (!violations.isEmpty()) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("the payload violates the command's schema: " + String.join(", ", violations)));
      }
      JsonObject answer = new JsonObject().put("topic", command.topic()).put("qos", 1);
      return connection.publish(command.topic(), Buffer.buffer(call.payload()))
          .map(acked -> new AdapterResponse(200, AdapterResponse.JSON, answer.toBuffer().getBytes(), settings.artefact()));
    });
  }

  @Override
  public Future<EventStream> subscribe(BlockCall call) {
    Context subscriber = vertx.getOrCreateContext();
    return OnContext.call(context, () -> {
      if (closed) {
        return AdapterException.failed(new AdapterFailure.Closed());
      }
      MqttSettings.Telemetry telemetry = settings.telemetry(call.block());
      if (telemetry == null) {
        return AdapterException.failed(new AdapterFailure.Unsupported("events of " + call.block()));
      }
      String filter = new String(call.payload(), StandardCharsets.UTF_8).trim();
      if (!filter.isEmpty() && !filter.equals("{}")) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("an MQTT subscription takes no filter"));
      }
      Future<Void> subscribed = streams.containsKey(telemetry.filter())
          ? connection.client().mapEmpty() : connection.subscribe(telemetry.filter());
      return subscribed.map(ok -> {
        EventQueue queue = new EventQueue(subscriber, settings.eventCapacity());
        streams.computeIfAbsent(telemetry.filter(), f -> new ArrayList<>()).add(queue);
        return new QueuedEventStream(queue, settings.artefact(), () -> release(telemetry.filter(), queue));
      });
    });
  }

  private Future<Void> release(String filter, EventQueue queue) {
    return OnContext.call(context, () -> {
      List<EventQueue> open = streams.get(filter);
      if (open == null || !open.remove(queue) || !open.isEmpty()) {
        return Future.succeededFuture();
      }
      streams.remove(filter);
      return connection.unsubscribe(filter).otherwiseEmpty();
    });
  }

  /** On the adapter's context: offers a received message to every stream whose filter matches. */
  private void received(MqttPublishMessage message) {
    Buffer payload = message.payload();
    if (payload.length() > settings.maxPayloadBytes() || !isJson(payload)) {
      dropped.incrementAndGet();
      return;
    }
    Buffer event = payload.copy();
    streams.forEach((filter, queues) -> {
      if (TopicFilter.matches(filter, message.topicName())) {
        queues.forEach(queue -> queue.offer(event));
      }
    });
  }

  private static boolean isJson(Buffer payload) {
    try {
      Json.decodeValue(payload);
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }

  private void lost(AdapterFailure why) {
    endAll(why);
  }

  private void endAll(AdapterFailure why) {
    // the queues release their filters through release(), which finds nothing left to unsubscribe
    List<EventQueue> open = streams.values().stream().flatMap(List::stream).toList();
    streams.clear();
    open.forEach(queue -> queue.fail(why));
  }

  @Override
  public Future<Health> health() {
    return OnContext.call(context, () -> {
      if (closed) {
        return Future.succeededFuture(Health.down("closed"));
      }
      String counts = ", " + streams.values().stream().mapToInt(List::size).sum() + " open streams, "
          + dropped.get() + " messages dropped (not JSON or too large)";
      return connection.client()
          .map(c -> Health.up("MQTT session with " + connection.url() + counts))
          .otherwise(e -> Health.down(e.getMessage()));
    });
  }

  @Override
  public Future<Void> close() {
    return OnContext.call(context, () -> {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      endAll(new AdapterFailure.Closed());
      return connection.close();
    });
  }
}
