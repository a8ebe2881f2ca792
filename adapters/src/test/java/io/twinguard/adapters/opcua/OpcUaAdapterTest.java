package io.twinguard.adapters.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.SettingsException;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.BoilerPlant;
import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.ScriptedServer;
import io.twinguard.adapters.testing.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPC UA adapter against a real Milo server on loopback, Basic256Sha256 with ecosystem-CA certificates. */
class OpcUaAdapterTest extends AdapterContractTestBase {

  private static final Logger LOG = Logger.getLogger(OpcUaAdapterTest.class.getName());
  private static final BlockRef BOILER = BlockRef.parse("data/boiler");
  private static final BlockRef HEATING = BlockRef.parse("service/heating");
  private static final BlockRef EVENTS = BlockRef.parse("gateway/boiler-events");
  private static final int CAPACITY = 8;

  @TempDir
  static Path dir;

  private static TestPki pki;
  private static TestPki.RsaIssued client;
  private static BoilerPlant plant;
  private static double next = 30.0;

  @BeforeAll
  static void startPlant() throws Exception {
    pki = TestPki.create(dir);
    client = pki.rsa("broker-opcua", "/broker");
    plant = new BoilerPlant(pki, pki.rsa("boiler-plant", "/twin/boiler-plant"), ScriptedServer.freePort());
    plant.start();
    LOG.info("Milo server started in " + plant.startMillis + " ms (first start in this JVM)");
  }

  @AfterAll
  static void stopPlant() throws Exception {
    plant.stop();
  }

  @BeforeEach
  void plantRuns() throws Exception {
    if (!plant.running()) {
      plant.start();
      LOG.info("Milo server restarted in " + plant.startMillis + " ms");
    }
  }

  static JsonObject twin(String endpoint, Path ca, TestPki.RsaIssued as) {
    return Declarations.twin("registry/boiler-plant-opcua.yaml", Map.of("ENDPOINT", endpoint, "CA", ca.toString(),
        "CERT", as.cert().toString(), "KEY", as.key().toString(), "CAPACITY", Integer.toString(CAPACITY)));
  }

  private static Adapter create(Vertx vertx, JsonObject twin) {
    return Await.result(new OpcUaFactory().create(vertx, twin.getString("id"),
        twin.getJsonObject("adapter").getJsonObject("settings"), "twins[0].adapter.settings"));
  }

  private static BlockCall call(BlockRef block, String operation, String payload) {
    return new BlockCall(BoilerPlant.TWIN, block, operation, payload.getBytes(StandardCharsets.UTF_8),
        "spiffe://city.example/twin/building-7", "dpv:ServiceProvision", List.of(), "d-9");
  }

  private static JsonObject body(Future<io.twinguard.adapters.AdapterResponse> answer) {
    return new JsonObject(Buffer.buffer(Await.result(answer).body()));
  }

  @Override
  protected Adapter newAdapter(Vertx vertx) {
    return create(vertx, twin(plant.endpoint(), pki.caCert(), client));
  }

  @Override
  protected BlockCall validCall() {
    return call(HEATING, "heat-demand", "{\"outdoor_c\":4.0}");
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{\"indoor_c\":4.0}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) throws Exception {
    return create(vertx, twin("opc.tcp://127.0.0.1:" + ScriptedServer.freePort() + "/boiler", pki.caCert(), client));
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
    return call(EVENTS, "events", "");
  }

  @Override
  protected void emit(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      plant.namespace().setTemperature(next++).get(Await.BOUND_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Override
  protected void loseSource() throws Exception {
    plant.stop();
  }

  @Override
  protected int eventCapacity() {
    return CAPACITY;
  }

  @Nested
  class Plant {
    @Test
    void call_whenMethodCalled_answersItsOutputsByName() throws Exception {
      assertEquals(new JsonObject().put("demand_kw", 24.0), body(adapter().call(validCall())));
      assertEquals(new JsonObject().put("demand_kw", 0.0), body(adapter().call(call(HEATING, "heat-demand", "{\"outdoor_c\":25}"))));
    }

    @Test
    void call_whenRead_answersTheVariablesAsFields() throws Exception {
      plant.namespace().setTemperature(19.25);

      JsonObject body = body(adapter().call(call(BOILER, "read", "{}")));

      assertEquals(new JsonObject().put("temperature_c", 19.25).put("setpoint_c", 22.0), body);
    }

    @Test
    void call_whenInputHasTheWrongType_failsWithInvalidCall() throws Exception {
      assertInstanceOf(AdapterFailure.InvalidCall.class,
          Await.failure(adapter().call(call(HEATING, "heat-demand", "{\"outdoor_c\":\"cold\"}"))));
    }

    @Test
    void subscribe_whenTemperatureChanges_deliversTheChangeAsAnEvent() throws Exception {
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      List<Double> seen = new CopyOnWriteArrayList<>();
      Promise<Void> changed = Promise.promise();
      stream.events().handler(event -> {
        seen.add(new JsonObject(event).getDouble("temperature_c"));
        if (seen.contains(-5.5)) {
          changed.tryComplete();
        }
      });

      plant.namespace().setTemperature(-5.5).get(Await.BOUND_SECONDS, TimeUnit.SECONDS);

      Await.result(changed.future());
      assertEquals(List.of(-5.5), seen);
      Await.result(stream.cancel());
    }

    @Test
    void call_whenServerCertificateNamesAnotherTwin_failsUnreachable() throws Exception {
      JsonObject twin = twin(plant.endpoint(), pki.caCert(), client);
      twin.getJsonObject("adapter").getJsonObject("settings").put("server_application_uri", "spiffe://city.example/twin/other-plant");

      Adapter adapter = closeAfterTest(create(vertx, twin));

      assertInstanceOf(AdapterFailure.Unreachable.class, Await.failure(adapter.call(validCall())));
    }

    @Test
    void call_whenServerCertificateIsFromAnotherCa_failsUnreachable(@TempDir Path other) throws Exception {
      Adapter adapter = closeAfterTest(create(vertx, twin(plant.endpoint(), TestPki.create(other).caCert(), client)));

      assertInstanceOf(AdapterFailure.Unreachable.class, Await.failure(adapter.call(validCall())));
    }

    @Test
    void create_whenClientKeyIsNotRsa_failsNamingTheSetting() throws Exception {
      TestPki.Issued ec = pki.twin("broker-ec", "/broker");
      JsonObject twin = twin(plant.endpoint(), pki.caCert(), client);
      twin.getJsonObject("adapter").getJsonObject("settings").getJsonObject("client").put("cert_file", ec.cert().toString());

      Future<Adapter> created = new OpcUaFactory().create(vertx, twin.getString("id"),
          twin.getJsonObject("adapter").getJsonObject("settings"), "twins[0].adapter.settings");

      Await.settle(created);
      SettingsException e = assertInstanceOf(SettingsException.class, created.cause());
      assertTrue(e.errors().get(0).startsWith("twins[0].adapter.settings.client.cert_file: must hold an RSA key"), e.getMessage());
    }
  }
}
