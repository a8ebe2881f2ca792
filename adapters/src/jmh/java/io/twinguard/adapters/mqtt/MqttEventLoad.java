package io.twinguard.adapters.mqtt;

import static io.twinguard.adapters.mqtt.LoadSupport.await;
import static io.twinguard.adapters.mqtt.LoadSupport.pct;
import static io.twinguard.adapters.mqtt.LoadSupport.publish;
import static io.twinguard.adapters.mqtt.LoadSupport.quiet;
import static io.twinguard.adapters.mqtt.LoadSupport.stamp;
import static io.twinguard.adapters.mqtt.LoadSupport.usedHeapAfterGc;
import static io.twinguard.adapters.mqtt.LoadSupport.waitUntil;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.StreamEnd;
import io.twinguard.adapters.testing.Mosquitto;
import io.twinguard.adapters.testing.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT adapter's event path under load, against a subscriber reading Mosquitto directly, in one
 * run on one Mosquitto: events per second through a flood (direct and adapter in turn, alternating
 * rounds), latency per event at a fixed rate with both subscribed to the same messages (the
 * publisher stamps each message with System.nanoTime; same JVM), and the heap with a subscriber
 * that reads nothing. Writes a results file (first argument, default target/bench/mqtt-events.txt).
 * A load program, not a test: it waits with sleeps and prints figures.
 */
public final class MqttEventLoad {

  private static final String TOPIC = "building/room-12/sensor-1/telemetry";
  private static final int FLOOD = 100_000;
  private static final int RATE = 2_000;
  private static final int PACED = 20_000;
  private static final int CAPACITY = 256;
  /** Rounds that warm the JIT up (the first ran 8x slower), then rounds measured, direct and adapter alternating. */
  private static final int WARM_UP = 2;
  private static final int MEASURED = 5;

  private final Vertx vertx = Vertx.vertx();
  private final Mosquitto mosquitto;
  private final TestPki.Issued device;
  private final TestPki.Issued broker;
  private final List<String> report = new ArrayList<>();

  private MqttEventLoad(Path dir) throws Exception {
    mosquitto = Mosquitto.prepare(dir);
    device = mosquitto.pki.twin("device", "/device/room-12");
    broker = mosquitto.pki.twin("broker", "/broker");
  }

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "target/bench/mqtt-events.txt");
    Path dir = Files.createTempDirectory("mqtt-load");
    MqttEventLoad load = new MqttEventLoad(dir);
    try {
      load.run();
    } finally {
      load.mosquitto.stop();
      load.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.write(results, load.report, StandardCharsets.UTF_8);
    System.out.println("results in " + results.toAbsolutePath());
  }

  private void run() throws Exception {
    line("mosquitto: " + mosquitto.start().trim());
    line("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
        + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    MqttClient publisher = client("room-12-controller", device);
    Adapter adapter = await(new MqttFactory().create(vertx, "spiffe://city.example/twin/hvac-room-12", settings(), "bench"));
    List<Double> ratios = new ArrayList<>();
    List<Latency> latencies = new ArrayList<>();
    for (int round = 0; round < WARM_UP + MEASURED; round++) {
      String label = round < WARM_UP ? "warm-up " + (round + 1) : "round " + (round - WARM_UP + 1);
      double direct = flood(publisher, this::direct);
      double adapted = flood(publisher, handler -> viaAdapter(adapter, handler));
      Latency latency = paced(publisher, adapter);
      line(String.format("%s: flood of %d events, direct %.0f events/s, adapter %.0f events/s (%.2f); %s",
          label, FLOOD, direct, adapted, adapted / direct, latency));
      if (round >= WARM_UP) {
        ratios.add(adapted / direct);
        latencies.add(latency);
      }
    }
    ratios.sort(null);
    latencies.sort(java.util.Comparator.comparingLong(Latency::addedP50));
    line(String.format("median of %d rounds: events/s adapter/direct %.2f; %s", MEASURED, ratios.get(MEASURED / 2),
        latencies.get(MEASURED / 2)));
    heapWithSilentSubscriber(publisher, adapter);
    await(adapter.close());
  }

  /** A subscription that feeds {@code handler}; returns what ends it. */
  private interface Subscribe {
    Runnable open(Handler<Buffer> handler) throws Exception;
  }

  private Runnable direct(Handler<Buffer> handler) throws Exception {
    MqttClient subscriber = client("direct-" + System.nanoTime(), broker);
    subscriber.publishHandler(message -> handler.handle(message.payload()));
    AtomicInteger acked = new AtomicInteger();
    subscriber.subscribeCompletionHandler(ack -> acked.incrementAndGet());
    await(subscriber.subscribe(TOPIC, 0));
    waitUntil(() -> acked.get() == 1);
    return () -> await(subscriber.disconnect());
  }

  private Runnable viaAdapter(Adapter adapter, Handler<Buffer> handler) {
    EventStream stream = await(adapter.subscribe(new BlockCall("spiffe://city.example/twin/hvac-room-12",
        BlockRef.parse("gateway/climate"), "events", new byte[0], "spiffe://city.example/twin/bench", "dpv:ServiceProvision",
        List.of(), "bench")));
    stream.events().handler(handler);
    return () -> await(stream.cancel());
  }

  /**
   * Latency at a fixed rate, both subscribers reading the same messages at the same time, so that
   * the machine's load weighs on both alike: each one's p50 and p99, and the p50 and p99 of the
   * difference per message (adapter minus direct), which is what the adapter adds.
   */
  private record Latency(int received, long directP50, long directP99, long adapterP50, long adapterP99, long addedP50, long addedP99) {
    @Override
    public String toString() {
      return String.format("paced %d/s, %d/%d events to both: direct p50 %.1f us, p99 %.1f us; adapter p50 %.1f us, p99 %.1f us; "
          + "added per event p50 %+.1f us, p99 %+.1f us", RATE, received, PACED, directP50 / 1e3, directP99 / 1e3,
          adapterP50 / 1e3, adapterP99 / 1e3, addedP50 / 1e3, addedP99 / 1e3);
    }
  }

  /** Events per second through a flood, from the first event received to the last. */
  private double flood(MqttClient publisher, Subscribe subscribe) throws Exception {
    AtomicInteger received = new AtomicInteger();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    Runnable close = subscribe.open(event -> {
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      last.set(now);
      received.incrementAndGet();
    });
    publish(publisher, TOPIC, FLOOD, 0, 512);
    quiet(received);
    close.run();
    return received.get() / ((last.get() - first.get()) / 1e9);
  }

  private Latency paced(MqttClient publisher, Adapter adapter) throws Exception {
    long[] direct = new long[PACED];
    long[] adapted = new long[PACED];
    AtomicInteger received = new AtomicInteger();
    Runnable closeDirect = direct(event -> stamp(event, direct, received));
    Runnable closeAdapted = viaAdapter(adapter, event -> stamp(event, adapted, received));
    publish(publisher, TOPIC, PACED, RATE, 64);
    quiet(received);
    closeDirect.run();
    closeAdapted.run();
    long[] both = java.util.stream.IntStream.range(0, PACED).filter(i -> direct[i] > 0 && adapted[i] > 0).mapToLong(i -> i).toArray();
    long[] d = Arrays.stream(both).map(i -> direct[(int) i]).sorted().toArray();
    long[] a = Arrays.stream(both).map(i -> adapted[(int) i]).sorted().toArray();
    long[] added = Arrays.stream(both).map(i -> adapted[(int) i] - direct[(int) i]).sorted().toArray();
    return new Latency(both.length, pct(d, 50), pct(d, 99), pct(a, 50), pct(a, 99), pct(added, 50), pct(added, 99));
  }

  private void heapWithSilentSubscriber(MqttClient publisher, Adapter adapter) throws Exception {
    long before = usedHeapAfterGc();
    EventStream silent = await(adapter.subscribe(new BlockCall("spiffe://city.example/twin/hvac-room-12",
        BlockRef.parse("gateway/climate"), "events", new byte[0], "spiffe://city.example/twin/silent", "dpv:ServiceProvision",
        List.of(), "bench")));
    silent.events().pause();
    silent.events().handler(event -> { });
    AtomicInteger reading = new AtomicInteger();
    Runnable closeReader = viaAdapter(adapter, event -> reading.incrementAndGet());
    publish(publisher, TOPIC, FLOOD, 0, 1024);
    quiet(reading);
    long after = usedHeapAfterGc();
    StreamEnd end = await(silent.ended());
    closeReader.run();
    line(String.format("silent subscriber (capacity %d) while %d messages of about 1 KiB were published: its stream ended with %s; "
            + "a reading subscriber on the same adapter got %d; heap used after GC %.1f MiB before, %.1f MiB after (%+.1f MiB)",
        CAPACITY, FLOOD, end, reading.get(), before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0));
  }

  private JsonObject settings() {
    return new JsonObject().put("host", "127.0.0.1").put("port", mosquitto.port)
        .put("tls", new JsonObject().put("ca_file", mosquitto.pki.caCert().toString())
            .put("cert_file", broker.cert().toString()).put("key_file", broker.key().toString()))
        .put("event_capacity", CAPACITY).put("max_payload_bytes", 4096)
        .put("telemetry", new JsonArray().add(Map.of("block", "gateway/climate", "topic", "building/room-12/+/telemetry")));
  }

  private MqttClient client(String id, TestPki.Issued as) {
    return await(mosquitto.connect(vertx, id, as));
  }

  private void line(String text) {
    System.out.println(text);
    report.add(text);
  }
}
