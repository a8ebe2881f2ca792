package io.twinguard.adapters.aas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.BasyxServer;
import io.twinguard.adapters.testing.ScriptedServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A twin registered from its Asset Administration Shell: the descriptor's submodels are fetched from
 * a real BaSyx AAS server, declared, and served by the {@code aas} adapter against the same server.
 */
class AasAdapterTest extends AdapterContractTestBase {

  private static final Logger LOG = Logger.getLogger(AasAdapterTest.class.getName());
  private static final BlockRef OPERATION = BlockRef.parse("data/operation");
  private static final BlockRef NAMEPLATE = BlockRef.parse("data/nameplate");
  static final AasTwinDeclaration.Options OPTIONS = new AasTwinDeclaration.Options("city.example", "hvac-co", 10_000);

  private static BasyxServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new BasyxServer(ScriptedServer.freePort());
    server.start();
    LOG.info("BaSyx AAS server started in " + server.startMillis + " ms");
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    server.stop();
  }

  @BeforeEach
  void serverRuns() throws Exception {
    server.start();
  }

  static JsonObject descriptor(String base) throws Exception {
    return new JsonObject(Files.readString(BasyxServer.resource("aas/room-12-descriptor.json")).replace("${BASE}", base));
  }

  private AasTwinDeclaration.Declared declared(Vertx vertx) throws Exception {
    return Await.result(AasRegistration.declare(vertx, descriptor(server.base()), OPTIONS));
  }

  private static Adapter create(Vertx vertx, JsonObject twin) {
    return Await.result(new AasFactory().create(vertx, twin.getString("id"),
        twin.getJsonObject("adapter").getJsonObject("settings"), "twins[0].adapter.settings"));
  }

  private static BlockCall call(BlockRef block, String operation, String payload) {
    return new BlockCall("spiffe://city.example/twin/hvac-room12", block, operation, payload.getBytes(StandardCharsets.UTF_8),
        "spiffe://city.example/twin/building-7", "dpv:ServiceProvision", List.of(), "d-11");
  }

  private static JsonObject body(Future<AdapterResponse> answer) {
    return new JsonObject(Buffer.buffer(Await.result(answer).body()));
  }

  @Override
  protected Adapter newAdapter(Vertx vertx) throws Exception {
    return create(vertx, declared(vertx).twin());
  }

  @Override
  protected BlockCall validCall() {
    return call(OPERATION, "write", "{\"Setpoint\":22.5}");
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) throws Exception {
    String closed = "http://127.0.0.1:" + ScriptedServer.freePort() + "/api/v3.0";
    return create(vertx, new JsonObject(declared(vertx).twin().encode().replace(server.base(), closed)));
  }

  @Override
  protected Class<? extends AdapterFailure> targetFailure() {
    return AdapterFailure.Unreachable.class;
  }

  @Nested
  class Registration {
    @Test
    void declare_fromTheDescriptor_declaresEachSubmodelAsABlock() throws Exception {
      JsonObject twin = declared(vertx).twin();

      assertEquals("spiffe://city.example/twin/hvac-room12", twin.getString("id"));
      assertEquals("hvac", twin.getString("class"));
      assertEquals("hvac-co", twin.getString("org"));
      JsonArray blocks = twin.getJsonArray("blocks");
      assertEquals(List.of("data/nameplate open []", "data/operation licensed [pd:Identifier]",
              "data/contact-information open [pd:Contact, pd:EmailAddress]", "model/thermal-model proprietary []"),
          blocks.stream().map(JsonObject.class::cast).map(b -> b.getString("kind") + "/" + b.getString("name") + " "
              + b.getString("ip_class") + " " + b.getJsonArray("data_categories").getList()).toList());
    }

    @Test
    void declare_fromTheDescriptor_mapsFieldsAndWritablePropertiesFromQualifiers() throws Exception {
      JsonObject operation = declared(vertx).twin().getJsonArray("blocks").getJsonObject(1);

      assertEquals(new JsonObject().put("/OccupantBadge", "pd:Identifier"), operation.getJsonObject("fields"));
      JsonObject write = operation.getJsonObject("operations").getJsonObject("write");
      assertEquals(true, write.getBoolean("command"));
      assertEquals(new JsonObject().put("Setpoint", new JsonObject().put("type", "number")),
          write.getJsonObject("schema").getJsonObject("properties"));
    }
  }

  @Nested
  class Server {
    @Test
    void call_read_answersThePropertiesTypedByTheirValueTypes() throws Exception {
      JsonObject nameplate = body(adapter().call(call(NAMEPLATE, "read", "{}")));

      assertEquals(new JsonObject().put("ManufacturerName", "HVAC Co").put("SerialNumber", "HV-2026-0012")
          .put("YearOfConstruction", 2026L), nameplate);
    }

    @Test
    void call_writeThenRead_answersTheWrittenValue() throws Exception {
      Adapter adapter = adapter();

      JsonObject written = body(adapter.call(call(OPERATION, "write", "{\"Setpoint\":19.5}")));
      JsonObject read = body(adapter.call(call(OPERATION, "read", "")));

      assertEquals(new JsonObject().put("written", new JsonArray().add("Setpoint")), written);
      assertEquals(19.5, read.getDouble("Setpoint"));
      assertEquals(true, read.getBoolean("Heating"));
      assertEquals("07:00:00", read.getString("Schedule.Start"));
    }

    @Test
    void call_whenPropertyNotWritable_failsWithInvalidCall() throws Exception {
      assertInstanceOf(AdapterFailure.InvalidCall.class,
          Await.failure(adapter().call(call(OPERATION, "write", "{\"Temperature\":30.0}"))));
    }

    @Test
    void call_whenServerWentAwayAndCameBack_failsUnreachableThenAnswers() throws Exception {
      Adapter adapter = adapter();
      server.stop();

      assertInstanceOf(AdapterFailure.Unreachable.class, Await.failure(adapter.call(call(NAMEPLATE, "read", "{}"))));
      assertTrue(!Await.result(adapter.health()).up());

      server.start();
      LOG.info("BaSyx AAS server restarted in " + server.startMillis + " ms");
      assertEquals("HVAC Co", body(adapter.call(call(NAMEPLATE, "read", "{}"))).getString("ManufacturerName"));
    }
  }
}
