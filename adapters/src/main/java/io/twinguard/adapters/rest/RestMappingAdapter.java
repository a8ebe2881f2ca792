package io.twinguard.adapters.rest;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * Serves a twin whose legacy JSON/HTTP API is mapped declaratively ({@link RestMappingSettings}):
 * builds the legacy request from the broker's payload, calls the legacy API with a time limit and a
 * bounded answer, and maps the answer back into the broker's shape. Only fields named by the response
 * mapping reach the caller. Non-blocking throughout.
 */
public final class RestMappingAdapter implements Adapter {

  private final Vertx vertx;
  private final RestMappingSettings settings;
  private final HttpClientAgent client;
  private final AtomicBoolean closed = new AtomicBoolean();

  public RestMappingAdapter(Vertx vertx, RestMappingSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = vertx.createHttpClient(
        new HttpClientOptions()
            .setSsl("https".equals(settings.baseUrl().getScheme()))
            .setConnectTimeout((int) settings.timeoutMs()),
        new PoolOptions().setHttp1MaxSize(8));
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    if (closed.get()) {
      return AdapterException.failed(new AdapterFailure.Closed());
    }
    OperationMapping mapping = settings.mapping(call.block(), call.operation());
    if (mapping == null) {
      return AdapterException.failed(new AdapterFailure.UnknownOperation(call.block(), call.operation()));
    }
    Object payload;
    RequestOptions request;
    Buffer body;
    try {
      payload = decode(call.payload());
      request = request(mapping.format(), payload);
      body = "POST".equals(mapping.format().method())
          ? JsonMapping.apply(mapping.format().request(), payload).toBuffer()
          : Buffer.buffer();
    } catch (JsonMapping.MappingException e) {
      return AdapterException.failed(new AdapterFailure.InvalidCall(e.getMessage()));
    }
    return send(request, body)
        .compose(answer -> mapAnswer(mapping, answer));
  }

  private Future<AdapterResponse> mapAnswer(OperationMapping mapping, Buffer answer) {
    Object legacy;
    try {
      legacy = Json.decodeValue(answer);
    } catch (DecodeException e) {
      return AdapterException.failed(new AdapterFailure.BadAnswer("not JSON"));
    }
    try {
      JsonObject mapped = JsonMapping.apply(mapping.format().response(), legacy);
      return Future.succeededFuture(new AdapterResponse(200, AdapterResponse.JSON, mapped.toBuffer().getBytes(), mapping.artefact()));
    } catch (JsonMapping.MappingException e) {
      return AdapterException.failed(new AdapterFailure.BadAnswer("the answer does not fit mapping " + mapping.version() + ": " + e.getMessage()));
    }
  }

  private static Object decode(byte[] payload) throws JsonMapping.MappingException {
    if (payload.length == 0) {
      return new JsonObject();
    }
    try {
      return Json.decodeValue(Buffer.buffer(payload));
    } catch (DecodeException e) {
      throw new JsonMapping.MappingException("the payload is not JSON");
    }
  }

  private RequestOptions request(LegacyFormat format, Object payload) throws JsonMapping.MappingException {
    String path = format.path();
    for (Map.Entry<String, String> param : format.params().entrySet()) {
      Object value = FieldRule.pointer(param.getValue()).queryJson(payload);
      if (!(value instanceof String || value instanceof Number)) {
        throw new JsonMapping.MappingException("no text or number at " + param.getValue() + " for {" + param.getKey() + "}");
      }
      path = path.replace("{" + param.getKey() + "}", encode(String.valueOf(value)).replace("+", "%20"));
    }
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (Map.Entry<String, String> param : format.query().entrySet()) {
      Object value = FieldRule.pointer(param.getValue()).queryJson(payload);
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        query.add(encode(param.getKey()) + "=" + encode(String.valueOf(value)));
      } else if (value != null) {
        throw new JsonMapping.MappingException("value at " + param.getValue() + " is not text, a number or a boolean");
      }
    }
    URI base = settings.baseUrl();
    String prefix = base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath().replaceAll("/$", "");
    String uri = base.getScheme() + "://" + base.getRawAuthority() + prefix + path + query;
    return new RequestOptions()
        .setMethod(HttpMethod.valueOf(format.method()))
        .setAbsoluteURI(uri)
        .setConnectTimeout(settings.timeoutMs())
        .putHeader("accept", "application/json");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /**
   * One legacy exchange under one overall time limit; the answer's body, read with a bound. The
   * body's handlers are set in the callback that receives the response, on its event loop: set
   * later, from the caller's thread, they could miss the end of a short answer.
   */
  private Future<Buffer> send(RequestOptions options, Buffer body) {
    Promise<Buffer> answer = Promise.promise();
    long timer = vertx.setTimer(settings.timeoutMs(), id ->
        answer.tryFail(new AdapterException(new AdapterFailure.TimedOut(settings.timeoutMs()))));
    if (body.length() > 0) {
      options.putHeader("content-type", "application/json");
    }
    client.request(options)
        .compose(request -> {
          answer.future().onFailure(failure -> request.reset());
          return (body.length() > 0 ? request.send(body) : request.send())
              .onSuccess(response -> read(response, answer));
        })
        .onFailure(failure -> answer.tryFail(connectFailure(failure)));
    return answer.future().andThen(done -> vertx.cancelTimer(timer));
  }

  private void read(HttpClientResponse response, Promise<Buffer> answer) {
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      answer.tryFail(new AdapterException(new AdapterFailure.BadAnswer("status " + response.statusCode())));
      return;
    }
    Buffer collected = Buffer.buffer();
    response.handler(chunk -> {
      if (collected.length() + chunk.length() > settings.maxResponseBytes()) {
        answer.tryFail(new AdapterException(new AdapterFailure.BadAnswer("larger than " + settings.maxResponseBytes() + " bytes")));
      } else if (!answer.future().isComplete()) {
        collected.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(failure -> answer.tryFail(new AdapterException(new AdapterFailure.BadAnswer("the answer broke off"))));
    response.endHandler(end -> answer.tryComplete(collected));
  }

  private static AdapterException connectFailure(Throwable failure) {
    if (failure instanceof AdapterException e) {
      return e;
    }
    String why = failure instanceof ConnectException ? "connection refused"
        : failure instanceof UnknownHostException ? "unknown host"
        : failure instanceof SSLException ? "TLS handshake failed"
        : failure.getClass().getSimpleName();
    return new AdapterException(new AdapterFailure.Unreachable(why));
  }

  @Override
  public Future<Health> health() {
    if (closed.get()) {
      return Future.succeededFuture(Health.down("closed"));
    }
    String path = settings.healthPath().isEmpty() ? "/" : settings.healthPath();
    URI base = settings.baseUrl();
    RequestOptions probe = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(base.getScheme() + "://" + base.getRawAuthority() + path)
        .setConnectTimeout(settings.timeoutMs());
    return send(probe, Buffer.buffer())
        .map(ok -> Health.up("legacy API at " + base.getRawAuthority() + " answers"))
        .otherwise(failure -> failure instanceof AdapterException e && e.failure() instanceof AdapterFailure.BadAnswer && settings.healthPath().isEmpty()
            ? Health.up("legacy API at " + base.getRawAuthority() + " is reachable")
            : Health.down("legacy API at " + base.getRawAuthority() + ": " + failure.getMessage()));
  }

  @Override
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return client.close();
  }
}
