package io.twinguard.tests.cluster;

import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.server.Routes;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.httpsig.SignatureFields;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTPS load over every broker of a set: {@code connections} requests in flight, one
 * per connection, connection {@code k} always calling broker {@code k mod n} (round robin over the
 * brokers, each getting the same share), mutual TLS with {@code room-12}'s certificate, keep-alive,
 * latencies in an HdrHistogram. The call is {@code BrokerLoadBenchmark}'s ({@code room-12} asks the
 * HVAC twin's thermal model for a prediction), sent plain or signed (RFC 9421 with a fresh nonce per
 * request, so that every call checks its nonce with the cluster). Runs on two event loops of its
 * own; any answer other than 200 counts as an error.
 */
final class SpreadLoad implements AutoCloseable {

  static final String PATH = "hvac-room-12/model/thermal/predict";
  static final JsonObject PAYLOAD = new JsonObject().put("outdoor_c", 4).put("occupants", 3);
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);
  private static final int LANES = 2;

  /** One measured run: answers, errors, its length and its latencies (microseconds). */
  record Result(long requests, long errors, double seconds, Histogram histogram, String firstError) {
    double perSecond() {
      return requests / seconds;
    }

    double millis(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private final Brokers brokers;
  private final int connections;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LANES));
  private final HttpClientAgent client;
  private final List<List<TwinClient>> signers = new ArrayList<>();

  SpreadLoad(Brokers brokers, int connections) {
    this.brokers = brokers;
    this.connections = connections;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setSsl(true).setVerifyHost(false)
            .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
            .setKeyCertOptions(brokers.ecosystem.twin("room-12").keyCertOptions())
            .setTrustOptions(brokers.ecosystem.caTrustOptions()).setKeepAlive(true))
        .with(new PoolOptions().setHttp1MaxSize(connections))
        .build();
    // a signer per lane and broker: each is used on its lane's event loop only
    for (int lane = 0; lane < LANES; lane++) {
      List<TwinClient> perBroker = new ArrayList<>();
      for (int i = 0; i < brokers.layout.count(); i++) {
        perBroker.add(new TwinClient(vertx, brokers.ecosystem, "room-12", brokers.port(i), Brokers.CLOCK));
      }
      signers.add(perBroker);
    }
  }

  /** Calls for {@code length} with one request in flight per connection, signed or not. */
  Future<Result> closedLoop(boolean signed, Duration length) {
    long end = System.nanoTime() + length.toNanos();
    List<Future<Lane>> lanes = new ArrayList<>();
    int slot = 0;
    for (int l = 0; l < LANES; l++) {
      Lane lane = new Lane(signers.get(l), signed, end);
      List<Integer> targets = new ArrayList<>();
      for (int k = 0; k < connections / LANES + (l < connections % LANES ? 1 : 0); k++) {
        targets.add(slot++ % brokers.layout.count());
      }
      Context context = vertx.getOrCreateContext();
      Promise<Lane> done = Promise.promise();
      context.runOnContext(v -> lane.start(targets, done));
      lanes.add(done.future());
    }
    return Future.all(lanes).map(all -> {
      Histogram merged = new Histogram(HIGHEST_MICROS, 3);
      long requests = 0;
      long errors = 0;
      String firstError = "";
      for (int i = 0; i < LANES; i++) {
        Lane lane = all.resultAt(i);
        merged.add(lane.histogram);
        requests += lane.requests;
        errors += lane.errors;
        firstError = firstError.isEmpty() && lane.firstError != null ? lane.firstError : firstError;
      }
      return new Result(requests, errors, length.toNanos() / 1e9, merged, firstError);
    });
  }

  /** The requests of one event loop; touched on that loop only. */
  private final class Lane {
    final List<TwinClient> signers;
    final boolean signed;
    final long end;
    final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    final byte[] body = PAYLOAD.toBuffer().getBytes();
    long requests;
    long errors;
    int active;
    String firstError;
    Promise<Lane> done;

    Lane(List<TwinClient> signers, boolean signed, long end) {
      this.signers = signers;
      this.signed = signed;
      this.end = end;
    }

    void start(List<Integer> targets, Promise<Lane> finished) {
      done = finished;
      active = targets.size();
      if (active == 0) {
        done.complete(this);
      }
      targets.forEach(this::loop);
    }

    void loop(int broker) {
      if (System.nanoTime() >= end) {
        if (--active == 0) {
          done.complete(this);
        }
        return;
      }
      long sent = System.nanoTime();
      client.request(request(broker))
          .compose(request -> request.send(Buffer.buffer(body)))
          .compose(response -> response.body().map(answer -> response.statusCode() == 200 ? null
              : "HTTP " + response.statusCode() + ": " + answer))
          .otherwise(failure -> failure.getClass().getSimpleName() + ": " + failure.getMessage())
          .onSuccess(error -> {
            requests++;
            histogram.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - sent) / 1000));
            if (error != null) {
              errors++;
              firstError = firstError == null ? error : firstError;
            }
            loop(broker);
          });
    }

    RequestOptions request(int broker) {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
          .setPort(brokers.port(broker)).setURI(Routes.CALLS + "/" + PATH)
          .putHeader("content-type", "application/json").putHeader(Ingress.PURPOSE, "dpv:ServiceProvision");
      if (signed) {
        TwinClient.Signed signature = signers.get(broker).sign(PATH, PAYLOAD);
        options.putHeader(ContentDigest.FIELD, signature.contentDigest())
            .putHeader(SignatureFields.SIGNATURE_INPUT, signature.signatureInput())
            .putHeader(SignatureFields.SIGNATURE, signature.signature());
      }
      return options;
    }
  }

  @Override
  public void close() {
    signers.forEach(perBroker -> perBroker.forEach(TwinClient::close));
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
