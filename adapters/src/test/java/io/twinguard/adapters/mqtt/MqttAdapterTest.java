package io.twinguard.adapters.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.SettingsException;
import io.twinguard.adapters.StreamEnd;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.Mosquitto;
import io.twinguard.adapters.testing.ScriptedServer;
import io.twinguard.adapters.testing.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT adapter against a real Mosquitto on loopback, TLS with certificates of a test ecosystem CA. */
class MqttAdapterTest extends AdapterContractTestBase {

  private static final BlockRef CLIMATE = BlockRef.parse("gateway/climate");
  private static final BlockRef DOORS = BlockRef.parse("gateway/doors");
  private static final String COMMANDS = "building/room-12/doors/command";
  private static final int CAPACITY = 16;

  @TempDir
  static Path dir;

  private static Mosquitto mosquitto;
  private static TestPki.Issued brokerCert;
  private static TestPki.Issued deviceCert;

  private MqttClient device;

  @BeforeAll
  static void prepare() throws Exception {
    mosquitto = Mosquitto.prepare(dir);
    brokerCert = mosquitto.pki.twin("broker", "/broker");
    deviceCert = mosquitto.pki.twin("device", "/device/room-12");
  }

  @AfterAll
  static void stopMosquitto() throws Exception {
    mosquitto.stop();
  }

  @BeforeEach
  void startMosquitto() throws Exception {
    mosquitto.start();
    device = null;
  }

  private static JsonObject twin(Path ca, int port) {
    return MqttTwins.twin(ca, port, CAPACITY, brokerCert);
  }

  @Override
  protected Adapter newAdapter(Vertx vertx) {
    return MqttTwins.create(vertx, twin(mosquitto.pki.caCert(), mosquitto.port));
  }

  @Override
  protected BlockCall validCall() {
    return MqttTwins.call(DOORS, "open", "{\"door\":\"door-1\",\"open\":true}");
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{\"door\":\"door-1\"}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) throws Exception {
    return MqttTwins.create(vertx, twin(mosquitto.pki.caCert(), ScriptedServer.freePort()));
  }

  @Override
  protected Class<? extends AdapterFailure> targetFailure() {
    return AdapterFailure.Unreachable.class;
  }

  @Override
  protected boolean supportsEvents() {
    return true;
  }

  @Override
  protected BlockCall subscription() {
    return MqttTwins.call(CLIMATE, "events", "");
  }

  @Override
  protected void emit(int count) {
    List<Future<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(device().publish("building/room-12/sensor-" + (i % 3) + "/telemetry",
          new JsonObject().put("seq", i).put("air_c", 21.5).toBuffer(), MqttQoS.AT_MOST_ONCE, false, false));
    }
    Await.result(Future.all(sent));
  }

  @Override
  protected void loseSource() throws Exception {
    mosquitto.stop();
  }

  @Override
  protected int eventCapacity() {
    return CAPACITY;
  }

  /** The room controller: a second MQTT client with the device's own certificate. */
  private MqttClient device() {
    if (device == null || !device.isConnected()) {
      device = Await.result(mosquitto.connect(vertx, "room-12-controller", deviceCert));
    }
    return device;
  }

  @Nested
  class Device {
    @Test
    void call_whenCommandValid_publishesThePayloadToTheDevice() throws Exception {
      List<String> received = new CopyOnWriteArrayList<>();
      Promise<Void> arrived = Promise.promise();
      MqttClient controller = device();
      controller.publishHandler(message -> {
        received.add(message.topicName() + " " + message.payload());
        arrived.tryComplete();
      });
      Promise<Void> subscribed = Promise.promise();
      controller.subscribeCompletionHandler(ack -> subscribed.tryComplete());
      controller.subscribe(COMMANDS, 1);
      Await.result(subscribed.future());

      JsonObject answer = new JsonObject(Buffer.buffer(Await.result(adapter().call(validCall())).body()));

      Await.result(arrived.future());
      assertEquals(List.of(COMMANDS + " {\"door\":\"door-1\",\"open\":true}"), received);
      assertEquals(new JsonObject().put("topic", COMMANDS).put("qos", 1), answer);
    }

    @Test
    void subscribe_whenDevicePublishes_deliversItsJsonUnchangedAndDropsWhatIsNotJson() throws Exception {
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      List<String> events = new CopyOnWriteArrayList<>();
      Promise<Void> two = Promise.promise();
      stream.events().handler(event -> {
        events.add(event.toString());
        if (events.size() == 2) {
          two.tryComplete();
        }
      });

      MqttClient controller = device();
      for (String[] message : new String[][] {{"sensor-1/telemetry", "{\"air_c\":21.5}"}, {"sensor-1/telemetry", "not json"},
          {"sensor-1/other", "{\"x\":1}"}, {"sensor-2/telemetry", "{\"air_c\":22.0}"}}) {
        Await.result(controller.publish("building/room-12/" + message[0], Buffer.buffer(message[1]), MqttQoS.AT_MOST_ONCE, false, false));
      }

      Await.result(two.future());
      assertEquals(List.of("{\"air_c\":21.5}", "{\"air_c\":22.0}"), events);
      Await.result(stream.cancel());
    }

    @Test
    void subscribe_whenOneSubscriberIsSlow_endsOnlyItsStream() throws Exception {
      Adapter adapter = adapter();
      EventStream slow = Await.result(adapter.subscribe(subscription()));
      EventStream reading = Await.result(adapter.subscribe(subscription()));
      slow.events().pause();
      List<Buffer> read = new CopyOnWriteArrayList<>();
      Promise<Void> all = Promise.promise();
      reading.events().handler(event -> {
        read.add(event);
        if (read.size() == CAPACITY * 2) {
          all.tryComplete();
        }
      });

      emit(CAPACITY * 2);

      Await.result(all.future());
      StreamEnd.Failed end = assertInstanceOf(StreamEnd.Failed.class, Await.result(slow.ended()));
      assertInstanceOf(AdapterFailure.SubscriberTooSlow.class, end.failure());
      assertEquals(CAPACITY * 2, read.size());
      assertTrue(!reading.ended().isComplete(), "the reading subscriber's stream stays open");
      Await.result(reading.cancel());
    }

    @Test
    void subscribe_afterTheBrokerCameBack_connectsAgain() throws Exception {
      Adapter adapter = adapter();
      EventStream first = Await.result(adapter.subscribe(subscription()));
      first.events().handler(event -> { });
      mosquitto.stop();
      assertInstanceOf(StreamEnd.Failed.class, Await.result(first.ended()));
      mosquitto.start();
      device = null;

      EventStream second = Await.result(adapter.subscribe(subscription()));
      Promise<Buffer> event = Promise.promise();
      second.events().handler(event::tryComplete);
      emit(1);

      assertEquals(0, new JsonObject(Await.result(event.future())).getInteger("seq"));
      Await.result(second.cancel());
    }

    @Test
    void call_whenServerCertificateIsFromAnotherCa_failsUnreachable(@TempDir Path other) throws Exception {
      Adapter adapter = closeAfterTest(MqttTwins.create(vertx, twin(TestPki.create(other).caCert(), mosquitto.port)));

      assertInstanceOf(AdapterFailure.Unreachable.class, Await.failure(adapter.call(validCall())));
    }

    @Test
    void create_whenAKeyFileIsMissing_failsNamingItsPath(@TempDir Path other) {
      JsonObject twin = twin(mosquitto.pki.caCert(), mosquitto.port);
      twin.getJsonObject("adapter").getJsonObject("settings").getJsonObject("tls").put("key_file", other.resolve("none.pem").toString());

      Future<Adapter> created = new MqttFactory().create(vertx, twin.getString("id"),
          twin.getJsonObject("adapter").getJsonObject("settings"), "twins[0].adapter.settings");

      Await.settle(created);
      SettingsException e = assertInstanceOf(SettingsException.class, created.cause());
      assertTrue(e.errors().get(0).startsWith("twins[0].adapter.settings.tls.key_file: cannot read"), e.getMessage());
    }
  }
}
