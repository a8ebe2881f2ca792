package io.twinguard.adapters.aas;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
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
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;

/**
 * JSON exchanges with an AAS server (AAS Part 2 HTTP API), each under one time limit, answers read
 * with a size bound. Failures are {@link AdapterException}s: {@code Unreachable}, {@code TimedOut},
 * {@code BadAnswer}.
 */
final class AasHttp {

  private final Vertx vertx;
  private final long timeoutMs;
  private final long maxResponseBytes;
  private final HttpClientAgent client;

  AasHttp(Vertx vertx, long timeoutMs, long maxResponseBytes) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.maxResponseBytes = maxResponseBytes;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMs),
        new PoolOptions().setHttp1MaxSize(8));
  }

  /** GETs a JSON object. */
  Future<JsonObject> get(String url) {
    return send(HttpMethod.GET, url, null).compose(body -> {
      try {
        return Future.succeededFuture(new JsonObject(body));
      } catch (DecodeException | ClassCastException e) {
        return Future.failedFuture(new AdapterException(new AdapterFailure.BadAnswer("the AAS server answered no JSON object")));
      }
    });
  }

  /** PUTs a JSON object; the answer's body is not used. */
  Future<Void> put(String url, JsonObject body) {
    return send(HttpMethod.PUT, url, body.toBuffer()).mapEmpty();
  }

  private Future<Buffer> send(HttpMethod method, String url, Buffer body) {
    Promise<Buffer> answer = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> answer.tryFail(new AdapterException(new AdapterFailure.TimedOut(timeoutMs))));
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setConnectTimeout(timeoutMs)
        .putHeader("accept", "application/json");
    if (body != null) {
      options.putHeader("content-type", "application/json");
    }
    client.request(options)
        .compose(request -> {
          answer.future().onFailure(failure -> request.reset());
          return (body != null ? request.send(body) : request.send()).onSuccess(response -> read(response, answer));
        })
        .onFailure(failure -> answer.tryFail(failure instanceof AdapterException ? failure : new AdapterException(
            new AdapterFailure.Unreachable(failure instanceof ConnectException ? "connection refused" : failure.getClass().getSimpleName()))));
    return answer.future().andThen(done -> vertx.cancelTimer(timer));
  }

  /** Reads the body in the callback that got the response, so that a short answer's end is never missed. */
  private void read(HttpClientResponse response, Promise<Buffer> answer) {
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      answer.tryFail(new AdapterException(new AdapterFailure.BadAnswer("status " + response.statusCode())));
      return;
    }
    Buffer collected = Buffer.buffer();
    response.handler(chunk -> {
      if (collected.length() + chunk.length() > maxResponseBytes) {
        answer.tryFail(new AdapterException(new AdapterFailure.BadAnswer("larger than " + maxResponseBytes + " bytes")));
      } else if (!answer.future().isComplete()) {
        collected.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(failure -> answer.tryFail(new AdapterException(new AdapterFailure.BadAnswer("the answer broke off"))));
    response.endHandler(end -> answer.tryComplete(collected));
  }

  Future<Void> close() {
    return client.close();
  }
}
