package io.twinguard.adapters.opcua;

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
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;

/**
 * Serves a twin behind an OPC UA server (Eclipse Milo client): a data block's read operation reads
 * its variables, a service operation calls a method, and a gateway block's events are the data
 * changes of monitored items. Each event stream has its own OPC UA subscription, whose
 * notifications go into the stream's bounded {@link EventQueue}; a subscriber that falls behind
 * has its stream ended ({@code SubscriberTooSlow}) and its subscription deleted. A lost session
 * ends every stream with {@code Unreachable}; the next call opens a new session.
 *
 * <p>All state is confined to one Vert.x context; public methods hop onto it. Milo's blocking steps
 * (discovery, creating a subscription) run on worker threads.
 */
final class OpcUaAdapter implements Adapter {

  private final Vertx vertx;
  private final Context context;
  private final OpcUaSettings settings;
  private final OpcUaSession session;
  private final List<EventQueue> streams = new ArrayList<>();
  private boolean closed;

  OpcUaAdapter(Vertx vertx, OpcUaSettings settings, Credentials credentials) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.session = new OpcUaSession(vertx, context, settings, credentials, this::endAll);
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    return OnContext.call(context, () -> {
      if (closed) {
        return AdapterException.failed(new AdapterFailure.Closed());
      }
      OpcUaSettings.Read read = settings.read(call.block(), call.operation());
      OpcUaSettings.Method method = settings.method(call.block(), call.operation());
      if (read == null && method == null) {
        return AdapterException.failed(new AdapterFailure.UnknownOperation(call.block(), call.operation()));
      }
      JsonObject payload;
      try {
        payload = call.payload().length == 0 ? new JsonObject() : new JsonObject(Buffer.buffer(call.payload()));
      } catch (DecodeException | ClassCastException e) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("the payload is not a JSON object"));
      }
      Future<JsonObject> answer = read != null ? read(read) : call(method, payload);
      return answer.map(json -> new AdapterResponse(200, AdapterResponse.JSON, json.toBuffer().getBytes(), settings.artefact()));
    });
  }

  private Future<JsonObject> read(OpcUaSettings.Read read) {
    List<String> fields = List.copyOf(read.fields().keySet());
    return session.request(c -> c.readValuesAsync(0.0, TimestampsToReturn.Neither,
            fields.stream().map(f -> session.node(read.fields().get(f))).toList()))
        .compose(values -> {
          JsonObject json = new JsonObject();
          for (int i = 0; i < fields.size(); i++) {
            String problem = OpcUaValues.problem(fields.get(i), values.get(i));
            if (problem != null) {
              return AdapterException.failed(new AdapterFailure.BadAnswer(problem));
            }
            json.put(fields.get(i), OpcUaValues.json(values.get(i).getValue()));
          }
          return Future.succeededFuture(json);
        });
  }

  private Future<JsonObject> call(OpcUaSettings.Method method, JsonObject payload) {
    Variant[] inputs;
    try {
      inputs = method.inputs().stream().map(input -> OpcUaValues.input(payload, input)).toArray(Variant[]::new);
    } catch (IllegalArgumentException e) {
      return AdapterException.failed(new AdapterFailure.InvalidCall(e.getMessage()));
    }
    return session.request(c -> c.callAsync(List.of(
            new CallMethodRequest(session.node(method.object()), session.node(method.method()), inputs))))
        .compose(response -> {
          CallMethodResult result = response.getResults() == null || response.getResults().length != 1 ? null : response.getResults()[0];
          if (result == null) {
            return AdapterException.failed(new AdapterFailure.BadAnswer("the server answered no result"));
          }
          if (!result.getStatusCode().isGood()) {
            return AdapterException.failed(new AdapterFailure.BadAnswer("the method answered " + OpcUaValues.name(result.getStatusCode())));
          }
          Variant[] outputs = result.getOutputArguments() == null ? new Variant[0] : result.getOutputArguments();
          if (outputs.length != method.outputs().size()) {
            return AdapterException.failed(new AdapterFailure.BadAnswer("the method answered " + outputs.length + " outputs, not " + method.outputs().size()));
          }
          JsonObject json = new JsonObject();
          for (int i = 0; i < outputs.length; i++) {
            json.put(method.outputs().get(i), OpcUaValues.json(outputs[i]));
          }
          return Future.succeededFuture(json);
        });
  }

  @Override
  public Future<EventStream> subscribe(BlockCall call) {
    Context subscriber = vertx.getOrCreateContext();
    return OnContext.call(context, () -> {
      if (closed) {
        return AdapterException.failed(new AdapterFailure.Closed());
      }
      OpcUaSettings.Monitored monitored = settings.monitored(call.block());
      if (monitored == null) {
        return AdapterException.failed(new AdapterFailure.Unsupported("events of " + call.block()));
      }
      String filter = new String(call.payload(), StandardCharsets.UTF_8).trim();
      if (!filter.isEmpty() && !filter.equals("{}")) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("an OPC UA subscription takes no filter"));
      }
      EventQueue queue = new EventQueue(subscriber, settings.eventCapacity());
      return session.client()
          .compose(client -> vertx.executeBlocking(() -> MonitoredItems.subscribe(client, session, settings, monitored, queue), false))
          .recover(e -> Future.failedFuture(e instanceof AdapterException ? e : new AdapterException(
              new AdapterFailure.Unreachable("cannot create the OPC UA subscription: " + e.getMessage()))))
          .map(subscription -> {
            streams.add(queue);
            return new QueuedEventStream(queue, settings.artefact(), () -> release(queue, subscription));
          });
    });
  }

  private Future<Void> release(EventQueue queue, OpcUaSubscription subscription) {
    return OnContext.call(context, () -> {
      streams.remove(queue);
      return vertx.executeBlocking(() -> {
        MonitoredItems.delete(subscription);
        return null;
      }, false).mapEmpty();
    });
  }

  private void endAll(AdapterFailure why) {
    List<EventQueue> open = List.copyOf(streams);
    streams.clear();
    open.forEach(queue -> queue.fail(why));
  }

  @Override
  public Future<Health> health() {
    return OnContext.call(context, () -> closed
        ? Future.succeededFuture(Health.down("closed"))
        : session.client()
            .map(c -> Health.up("OPC UA session with " + settings.endpoint() + ", " + streams.size() + " open streams"))
            .otherwise(e -> Health.down(e.getMessage())));
  }

  @Override
  public Future<Void> close() {
    return OnContext.call(context, () -> {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      endAll(new AdapterFailure.Closed());
      return session.close();
    });
  }

  /** The value of a data change, as the event the broker relays. */
  static Buffer event(String field, DataValue value) {
    JsonObject event = new JsonObject().put(field, OpcUaValues.json(value.getValue()));
    if (value.getSourceTime() != null) {
      event.put("source_time", value.getSourceTime().getJavaInstant().toString());
    }
    return event.toBuffer();
  }
}
