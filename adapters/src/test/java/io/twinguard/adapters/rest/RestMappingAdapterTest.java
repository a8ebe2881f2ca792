package io.twinguard.adapters.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.LegacyBusApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.measure.Quantity;
import javax.measure.Unit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tech.units.indriya.quantity.Quantities;

/** The REST mapping adapter against the bus company's legacy API, a real HTTP server on loopback. */
class RestMappingAdapterTest extends AdapterContractTestBase {

  private static final BlockRef ARRIVALS = BlockRef.parse("data/arrivals");

  private LegacyBusApi legacy;

  @BeforeEach
  void startLegacy() {
    legacy = new LegacyBusApi(vertx);
  }

  @AfterEach
  void stopLegacy() {
    legacy.close();
  }

  private Adapter adapter(Vertx vertx, String baseUrl, String version) {
    JsonObject twin = Declarations.twin("registry/city-arrivals.yaml", Map.of("BASE_URL", baseUrl, "VERSION", version));
    return Await.result(new RestMappingFactory().create(vertx, twin.getString("id"),
        twin.getJsonObject("adapter").getJsonObject("settings"), "twins[0].adapter.settings"));
  }

  private static BlockCall arrivals(String operation, String payload) {
    return new BlockCall("spiffe://city.example/twin/bus-open-data", ARRIVALS, operation,
        payload.getBytes(StandardCharsets.UTF_8), "spiffe://city.example/twin/city", "dpv:ServiceProvision", List.of(), "d-1");
  }

  @Override
  protected Adapter newAdapter(Vertx vertx) {
    return adapter(vertx, legacy.baseUrl(), "v2");
  }

  @Override
  protected BlockCall validCall() {
    return arrivals("arrivals", "{\"stop\":\"Central Station\",\"limit\":2}");
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{\"limit\":2}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    return adapter(vertx, "http://127.0.0.1:" + closedPort, "v2");
  }

  @Override
  protected Class<? extends AdapterFailure> targetFailure() {
    return AdapterFailure.Unreachable.class;
  }

  private static JsonObject body(AdapterResponse response) {
    return new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
  }

  /** The reference: the library's own quantity conversion, independent of the adapter's converter. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static double convert(double value, String from, String to) {
    Quantity quantity = Quantities.getQuantity(value, (Unit) UnitConversion.parse(from));
    return quantity.to((Unit) UnitConversion.parse(to)).getValue().doubleValue();
  }

  @Nested
  class Formats {
    @Test
    void call_withV1_mapsFieldsAndConvertsUnitsAsTheLibraryDoes() {
      Adapter adapter = adapter(vertx, legacy.baseUrl(), "v1");

      JsonObject body = body(Await.result(adapter.call(validCall())));

      assertEquals("Central Station", body.getString("stop"));
      assertEquals(convert(LegacyBusApi.TEMP_F, "[degF]", "Cel"), body.getDouble("air_temperature_c"));
      JsonObject first = body.getJsonArray("arrivals").getJsonObject(0);
      assertEquals("10", first.getString("line"));
      assertEquals(convert(LegacyBusApi.ETA_MIN, "min", "s"), first.getDouble("due_in_s"));
      assertEquals(convert(LegacyBusApi.DISTANCE_MI, "[mi_i]", "m"), first.getDouble("distance_m"));
      Await.result(adapter.close());
    }

    @Test
    void call_withV1_releasesOnlyMappedFields() {
      Adapter adapter = adapter(vertx, legacy.baseUrl(), "v1");

      JsonObject first = body(Await.result(adapter.call(validCall()))).getJsonArray("arrivals").getJsonObject(0);

      assertEquals(List.of("distance_m", "due_in_s", "line"), first.fieldNames().stream().sorted().toList());
      assertNull(first.getValue("operator_id"));
      Await.result(adapter.close());
    }

    @Test
    void call_withV2_answersInTheSameShapeAsV1() {
      Adapter v1 = adapter(vertx, legacy.baseUrl(), "v1");
      Adapter v2 = adapter(vertx, legacy.baseUrl(), "v2");

      JsonObject fromV1 = body(Await.result(v1.call(validCall())));
      JsonObject fromV2 = body(Await.result(v2.call(validCall())));

      assertEquals(fromV1.fieldNames(), fromV2.fieldNames());
      assertEquals(fromV1.getString("stop"), fromV2.getString("stop"));
      JsonObject a1 = fromV1.getJsonArray("arrivals").getJsonObject(0);
      JsonObject a2 = fromV2.getJsonArray("arrivals").getJsonObject(0);
      assertEquals(a1.getString("line"), a2.getString("line"));
      assertEquals(a1.getDouble("due_in_s"), a2.getDouble("due_in_s"));
      assertEquals(a1.getDouble("distance_m"), a2.getDouble("distance_m"), 1e-9);
      assertEquals(convert(LegacyBusApi.DISTANCE_KM, "km", "m"), a2.getDouble("distance_m"));
      assertEquals(LegacyBusApi.TEMP_C, fromV2.getDouble("air_temperature_c"));
      Await.result(v1.close());
      Await.result(v2.close());
    }

    @Test
    void call_whenLegacyRetiresV1_keepsWorkingThroughAMappingChangeAlone() {
      Adapter before = adapter(vertx, legacy.baseUrl(), "v1");
      AdapterResponse answered = Await.result(before.call(validCall()));
      legacy.retireV1();

      AdapterFailure broken = Await.failure(before.call(validCall()));
      Adapter after = adapter(vertx, legacy.baseUrl(), "v2");
      AdapterResponse again = Await.result(after.call(validCall()));

      assertInstanceOf(AdapterFailure.BadAnswer.class, broken);
      assertEquals(body(answered).fieldNames(), body(again).fieldNames());
      assertNotEquals(answered.artefact(), again.artefact());
      Await.result(before.close());
      Await.result(after.close());
    }

    @Test
    void call_ofBothOperations_servesV1AndV2AtOnce() {
      Adapter adapter = adapter(vertx, legacy.baseUrl(), "v2");

      AdapterResponse current = Await.result(adapter.call(validCall()));
      AdapterResponse pinned = Await.result(adapter.call(arrivals("arrivals-v1", "{\"stop\":\"Central Station\",\"limit\":2}")));

      assertEquals(body(current).getString("stop"), body(pinned).getString("stop"));
      assertEquals("rest-mapping data/arrivals arrivals v2", current.artefact().label());
      assertEquals("rest-mapping data/arrivals arrivals-v1 v1", pinned.artefact().label());
      Await.result(adapter.close());
    }
  }

  @Nested
  class LegacyFailures {
    private Adapter pointedAt(String path, long timeoutMs) {
      JsonObject settings = new JsonObject()
          .put("base_url", legacy.baseUrl())
          .put("timeout_ms", timeoutMs)
          .put("max_response_bytes", 10_000)
          .put("version", "v1")
          .put("operations", new JsonArray().add(new JsonObject()
              .put("block", "data/arrivals").put("operation", "arrivals")
              .put("formats", new JsonObject().put("v1", new JsonObject()
                  .put("method", "GET").put("path", path)
                  .put("response", new JsonArray().add(new JsonObject().put("from", "/0").put("to", "/first")))))));
      return Await.result(new RestMappingFactory().create(vertx, "t", settings, "twins[0].adapter.settings"));
    }

    @Test
    void call_whenLegacyNeverAnswers_failsWithTimedOut() {
      AdapterFailure failure = Await.failure(pointedAt("/slow", 300).call(validCall()));

      assertEquals(new AdapterFailure.TimedOut(300), failure);
    }

    @Test
    void call_whenLegacyAnswers500_failsWithBadAnswer() {
      assertInstanceOf(AdapterFailure.BadAnswer.class, Await.failure(pointedAt("/broken", 20_000).call(validCall())));
    }

    @Test
    void call_whenLegacyAnswerTooLarge_failsWithBadAnswer() {
      AdapterFailure failure = Await.failure(pointedAt("/huge", 20_000).call(validCall()));

      assertEquals(new AdapterFailure.BadAnswer("larger than 10000 bytes"), failure);
    }

    @Test
    void call_whenLegacyAnswersText_failsWithBadAnswer() {
      assertEquals(new AdapterFailure.BadAnswer("not JSON"), Await.failure(pointedAt("/text", 20_000).call(validCall())));
    }

    @Test
    void call_whenAnswerLacksAMappedField_failsWithBadAnswer() {
      assertInstanceOf(AdapterFailure.BadAnswer.class, Await.failure(pointedAt("/health", 20_000).call(validCall())));
    }
  }
}
