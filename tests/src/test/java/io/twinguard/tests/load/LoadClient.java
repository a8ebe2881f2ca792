package io.twinguard.tests.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An HTTPS load generator on Vert.x: mutual TLS with a twin's certificate, HTTP/1.1 keep-alive, a
 * fixed number of connections, latencies in an HdrHistogram (microseconds). Two modes:
 *
 * <ul>
 *   <li>closed loop: every connection has exactly one request in flight; the next one leaves when the
 *       answer is in, so the result is the target's peak throughput at that concurrency;
 *   <li>fixed rate (open loop): requests leave on a schedule whatever the answers do, and each latency
 *       is measured from the request's scheduled time, so queueing behind a slow answer is counted
 *       (no coordinated omission).
 * </ul>
 *
 * <p>The load runs on {@code lanes} event-loop contexts, each with its own histogram; the results
 * are merged when every lane has finished. Any answer other than 200 counts as an error.
 */
final class LoadClient implements AutoCloseable {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

  /**
   * What to call.
   *
   * @param name the target's name in the results
   * @param port the loopback port
   * @param path the request path
   * @param headers request headers
   * @param body the request body
   */
  record Target(String name, int port, String path, MultiMap headers, byte[] body) {
    Target {
      headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * One measured phase.
   *
   * @param target the target's name
   * @param mode {@code closed} or {@code rate}
   * @param offeredPerSecond the scheduled rate (0 in closed loop)
   * @param requests answers received in the measured phase (errors included)
   * @param errors answers other than 200, and failed requests
   * @param seconds the measured phase's length
   * @param histogram latencies in microseconds, from the scheduled time in fixed-rate mode
   * @param service latencies in microseconds from the moment the request was handed to the client:
   *     in fixed-rate mode this leaves out how late the client itself was (its event loop starved)
   * @param firstError the first error seen, or empty
   */
  record Result(String target, String mode, double offeredPerSecond, long requests, long errors, double seconds,
      Histogram histogram, Histogram service, String firstError) {
    Result {
      histogram = histogram.copy();
      service = service.copy();
    }

    @Override
    public Histogram histogram() {
      return histogram.copy();
    }

    @Override
    public Histogram service() {
      return service.copy();
    }

    /** The service latency at {@code percentile}, in milliseconds. */
    double serviceMillis(double percentile) {
      return service.getValueAtPercentile(percentile) / 1000.0;
    }

    double perSecond() {
      return requests / seconds;
    }

    /**
     * The rounds of one target as one result: answers, errors, lengths and histograms summed.
     *
     * @throws IllegalArgumentException when {@code rounds} is empty or mixes targets or modes
     */
    static Result merge(List<Result> rounds) {
      if (rounds.isEmpty()) {
        throw new IllegalArgumentException("no rounds to merge");
      }
      Result first = rounds.get(0);
      Histogram merged = new Histogram(HIGHEST_MICROS, 3);
      Histogram service = new Histogram(HIGHEST_MICROS, 3);
      long requests = 0;
      long errors = 0;
      double seconds = 0;
      String firstError = "";
      for (Result round : rounds) {
        if (!round.target.equals(first.target) || !round.mode.equals(first.mode)) {
          throw new IllegalArgumentException("cannot merge " + round.target + "/" + round.mode + " into "
              + first.target + "/" + first.mode);
        }
        merged.add(round.histogram);
        service.add(round.service);
        requests += round.requests;
        errors += round.errors;
        seconds += round.seconds;
        firstError = firstError.isEmpty() ? round.firstError : firstError;
      }
      return new Result(first.target, first.mode, first.offeredPerSecond, requests, errors, seconds, merged, service,
          firstError);
    }

    /** The latency at {@code percentile}, in milliseconds. */
    double millis(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final int connections;
  private final int lanes;

  /**
   * A client with {@code connections} keep-alive connections per target, shared by {@code lanes}
   * event loops of {@code vertx}.
   */
  LoadClient(Vertx vertx, KeyCertOptions clientCertificate, TrustOptions trust, int connections, int lanes) {
    this.vertx = vertx;
    this.connections = connections;
    this.lanes = lanes;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions()
            .setSsl(true)
            // the certificates of the example twins carry a SPIFFE ID, no host name; the chain is checked
            .setVerifyHost(false)
            .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
            .setKeyCertOptions(clientCertificate)
            .setTrustOptions(trust)
            .setKeepAlive(true))
        .with(new PoolOptions().setHttp1MaxSize(connections))
        .build();
  }

  /** Calls {@code target} for {@code length} with one request in flight per connection. */
  Future<Result> closedLoop(Target target, Duration length) {
    return run(target, length, 0);
  }

  /** Calls {@code target} for {@code length} at {@code perSecond} requests per second, whatever it answers. */
  Future<Result> fixedRate(Target target, Duration length, double perSecond) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
    return run(target, length, perSecond);
  }

  private Future<Result> run(Target target, Duration length, double perSecond) {
    List<Future<Lane>> running = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      Context context = vertx.getOrCreateContext();
      int share = connections / lanes + (i < connections % lanes ? 1 : 0);
      Lane lane = new Lane(target, System.nanoTime() + length.toNanos(), perSecond / lanes);
      Promise<Lane> done = Promise.promise();
      // each lane's callbacks stay on its own event loop: its histogram needs no lock
      context.runOnContext(v -> lane.start(share, done));
      running.add(done.future());
    }
    return Future.all(running).map(all -> {
      Histogram merged = new Histogram(HIGHEST_MICROS, 3);
      Histogram service = new Histogram(HIGHEST_MICROS, 3);
      long requests = 0;
      long errors = 0;
      String firstError = "";
      for (int i = 0; i < lanes; i++) {
        Lane lane = all.resultAt(i);
        merged.add(lane.histogram);
        service.add(lane.service);
        requests += lane.requests;
        errors += lane.errors;
        if (firstError.isEmpty() && lane.firstError != null) {
          firstError = lane.firstError;
        }
      }
      return new Result(target.name(), perSecond == 0 ? "closed" : "rate", perSecond, requests, errors,
          length.toNanos() / 1e9, merged, service, firstError);
    });
  }

  /**
   * How many requests of a fixed-rate schedule are due {@code elapsedSeconds} after its start:
   * request {@code k} is due at {@code k / perSecond}, so it leaves on the first tick at or after
   * that time, never a whole interval later.
   */
  static long due(double elapsedSeconds, double perSecond) {
    return (long) Math.ceil(elapsedSeconds * perSecond);
  }

  /** The load of one event loop. Touched only on that loop. */
  private final class Lane {
    final Target target;
    final RequestOptions request;
    final long end;
    final double perSecond;
    final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    final Histogram service = new Histogram(HIGHEST_MICROS, 3);
    String firstError;
    long requests;
    long errors;
    long inFlight;
    long scheduled;
    long startedAt;
    boolean stopped;
    Promise<Lane> done;

    Lane(Target target, long end, double perSecond) {
      this.target = target;
      this.request = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setHost("127.0.0.1")
          .setPort(target.port())
          .setURI(target.path())
          .setHeaders(target.headers());
      this.end = end;
      this.perSecond = perSecond;
    }

    void start(int share, Promise<Lane> finished) {
      done = finished;
      startedAt = System.nanoTime();
      if (perSecond == 0) {
        for (int i = 0; i < share; i++) {
          loop();
        }
      } else {
        vertx.setPeriodic(1, timer -> tick(timer));
      }
    }

    void loop() {
      long now = System.nanoTime();
      if (now >= end) {
        finishWhenIdle();
        return;
      }
      send(now).onComplete(v -> loop());
    }

    void tick(long timer) {
      long now = System.nanoTime();
      long due = due((Math.min(now, end) - startedAt) / 1e9, perSecond);
      for (; scheduled < due; scheduled++) {
        send(startedAt + (long) (scheduled * 1e9 / perSecond));
      }
      if (now >= end) {
        vertx.cancelTimer(timer);
        finishWhenIdle();
      }
    }

    Future<Void> send(long intended) {
      long sent = System.nanoTime();
      inFlight++;
      return client.request(request)
          .compose(req -> req.send(Buffer.buffer(target.body)))
          .compose(response -> response.body().map(body -> response.statusCode() == 200 ? null
              : "HTTP " + response.statusCode() + ": " + body.toString()))
          .otherwise(failure -> failure.getClass().getSimpleName() + ": " + failure.getMessage())
          .map(error -> {
            inFlight--;
            requests++;
            long now = System.nanoTime();
            histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - intended) / 1000)));
            service.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - sent) / 1000)));
            if (error != null) {
              errors++;
              firstError = firstError == null ? error : firstError;
            }
            if (stopped) {
              finishWhenIdle();
            }
            return null;
          });
    }

    void finishWhenIdle() {
      stopped = true;
      if (inFlight == 0) {
        done.tryComplete(this);
      }
    }
  }

  /** GETs {@code path} on {@code port} with the client's certificate; the body when the answer is 200. */
  Future<String> get(int port, String path) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send())
        .compose(response -> response.body().compose(body -> response.statusCode() == 200
            ? Future.succeededFuture(body.toString())
            : Future.failedFuture("GET " + path + ": HTTP " + response.statusCode())));
  }

  @Override
  public void close() {
    client.close().toCompletionStage().toCompletableFuture().join();
  }
}
