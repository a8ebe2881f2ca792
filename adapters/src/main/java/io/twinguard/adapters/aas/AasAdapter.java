package io.twinguard.adapters.aas;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a twin registered from its Asset Administration Shell: each block is one submodel on an
 * AAS server (AAS Part 2 HTTP API). {@code read} GETs the submodel and answers its declared
 * Properties as JSON fields, typed by their value types; {@code write} changes writable Properties:
 * for each, GET the element, set its value, PUT it back whole (so its qualifiers and semantics
 * stay). Nothing undeclared is released or written. Thread-safe; never blocks.
 */
final class AasAdapter implements Adapter {

  private final AasSettings settings;
  private final AasHttp http;
  private final AtomicBoolean closed = new AtomicBoolean();

  AasAdapter(Vertx vertx, AasSettings settings) {
    this.settings = settings;
    this.http = new AasHttp(vertx, settings.timeoutMs(), settings.maxResponseBytes());
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    if (closed.get()) {
      return AdapterException.failed(new AdapterFailure.Closed());
    }
    AasSettings.Served served = settings.served(call.block());
    if (served == null || !(call.operation().equals("read") || call.operation().equals("write"))) {
      return AdapterException.failed(new AdapterFailure.UnknownOperation(call.block(), call.operation()));
    }
    JsonObject payload;
    try {
      payload = call.payload().length == 0 ? new JsonObject() : new JsonObject(Buffer.buffer(call.payload()));
    } catch (DecodeException | ClassCastException e) {
      return AdapterException.failed(new AdapterFailure.InvalidCall("the payload is not a JSON object"));
    }
    Future<JsonObject> answer = call.operation().equals("read") ? read(served, payload) : write(served, payload);
    return answer.map(json -> new AdapterResponse(200, AdapterResponse.JSON, json.toBuffer().getBytes(), settings.artefact()));
  }

  private Future<JsonObject> read(AasSettings.Served served, JsonObject payload) {
    if (!payload.isEmpty()) {
      return AdapterException.failed(new AdapterFailure.InvalidCall("read takes no fields"));
    }
    return http.get(served.url()).compose(submodel -> {
      JsonObject values = new JsonObject();
      for (AasSettings.Element element : served.elements()) {
        JsonObject found = find(submodel.getJsonArray("submodelElements", new JsonArray()), element.path());
        if (found == null || !"Property".equals(found.getString("modelType"))) {
          return AdapterException.failed(new AdapterFailure.BadAnswer("the submodel has no Property " + element.path()));
        }
        try {
          values.put(element.path(), XsdValues.toJson(found.getString("value"), element.type()));
        } catch (IllegalArgumentException | ArithmeticException e) {
          return AdapterException.failed(new AdapterFailure.BadAnswer(element.path() + " is not a valid " + element.type()));
        }
      }
      return Future.succeededFuture(values);
    });
  }

  private static JsonObject find(JsonArray elements, String path) {
    String head = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    for (int i = 0; i < elements.size(); i++) {
      if (elements.getValue(i) instanceof JsonObject element && head.equals(element.getString("idShort"))) {
        if (head.equals(path)) {
          return element;
        }
        return element.getValue("value") instanceof JsonArray nested ? find(nested, path.substring(head.length() + 1)) : null;
      }
    }
    return null;
  }

  private Future<JsonObject> write(AasSettings.Served served, JsonObject payload) {
    if (payload.isEmpty()) {
      return AdapterException.failed(new AdapterFailure.InvalidCall("nothing to write"));
    }
    Map<String, String> lexical = new LinkedHashMap<>();
    for (String field : payload.fieldNames().stream().sorted().toList()) {
      AasSettings.Element element = served.element(field);
      if (element == null || !element.writable()) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("/" + field + " is not a writable Property of " + served.block()));
      }
      try {
        lexical.put(field, XsdValues.toLexical(payload.getValue(field), element.type()));
      } catch (IllegalArgumentException e) {
        return AdapterException.failed(new AdapterFailure.InvalidCall("/" + field + " " + e.getMessage()));
      }
    }
    Future<Void> written = Future.succeededFuture();
    for (Map.Entry<String, String> entry : lexical.entrySet()) {
      String url = served.url() + "/submodel-elements/" + entry.getKey();
      written = written.compose(previous -> http.get(url))
          .compose(element -> http.put(url, element.put("value", entry.getValue())));
    }
    return written.map(done -> new JsonObject().put("written", new JsonArray(List.copyOf(lexical.keySet()))));
  }

  @Override
  public Future<Health> health() {
    if (closed.get()) {
      return Future.succeededFuture(Health.down("closed"));
    }
    String url = settings.submodels().get(0).url();
    return http.get(url).map(ok -> Health.up("the AAS server answers for " + url)).otherwise(e -> Health.down(e.getMessage()));
  }

  @Override
  public Future<Void> close() {
    return closed.compareAndSet(false, true) ? http.close().otherwiseEmpty() : Future.succeededFuture();
  }
}
