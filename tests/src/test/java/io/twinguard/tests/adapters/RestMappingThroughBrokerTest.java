package io.twinguard.tests.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.LegacyBusApi;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.measure.MetricPrefix;
import javax.measure.Quantity;
import javax.measure.Unit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import systems.uom.ucum.UCUM;
import tech.units.indriya.quantity.Quantities;

/**
 * UC3 through the broker: the City's Room twin reads the bus company's arrivals from a legacy HTTP
 * server (started here, formats v1 and v2) through the rest-mapping adapter. The company switches
 * to v2: the mapping changes through the admin API, audited, and the next call is served in v2 by
 * the same broker, with no restart. Units are checked against Indriya's own conversion.
 */
class RestMappingThroughBrokerTest {

  private static final String ARRIVALS = "bus-open-data/data/arrivals/arrivals";
  private static final JsonObject STOP = new JsonObject().put("stop", "Central Station").put("limit", 1);

  @TempDir Path dir;
  private AdaptedBroker broker;
  private LegacyBusApi legacy;

  static JsonObject twin(String baseUrl, String version) {
    JsonObject twin = Declarations.twin("registry/city-arrivals.yaml", Map.of("BASE_URL", baseUrl, "VERSION", version));
    return twin.put("blocks", new JsonArray().add(new JsonObject().put("kind", "data").put("name", "arrivals")
        .put("ip_class", "open")
        .put("operations", new JsonObject().put("arrivals", new JsonObject()).put("arrivals-v1", new JsonObject()))));
  }

  @BeforeEach
  void start() throws Exception {
    broker = new AdaptedBroker(dir.resolve("store"));
    legacy = new LegacyBusApi(broker.vertx);
    TwinClient.Answer put = broker.put("bus-open-data", twin(legacy.baseUrl(), "v1"));
    assertEquals(200, put.status(), put.body().toString());
  }

  @AfterEach
  void stop() throws Exception {
    legacy.close();
    broker.close();
  }

  private static <Q extends Quantity<Q>> double converted(double value, Unit<Q> from, Unit<Q> to) {
    return Quantities.getQuantity(value, from).to(to).getValue().doubleValue();
  }

  @Test
  void call_inFormatV1_answersTheMappedFieldsConvertedAsIndriyaConverts() throws Exception {
    TwinClient.Answer answer = broker.call(ARRIVALS, STOP);

    assertEquals(200, answer.status(), answer.body().toString());
    JsonObject body = answer.json();
    assertEquals("Central Station", body.getString("stop"));
    assertEquals(converted(LegacyBusApi.TEMP_F, UCUM.FAHRENHEIT, UCUM.CELSIUS), body.getDouble("air_temperature_c"), 1e-9);
    JsonObject arrival = body.getJsonArray("arrivals").getJsonObject(0);
    assertEquals(converted(LegacyBusApi.ETA_MIN, UCUM.MINUTE, UCUM.SECOND), arrival.getDouble("due_in_s"), 1e-9);
    assertEquals(converted(LegacyBusApi.DISTANCE_MI, UCUM.MILE_INTERNATIONAL, UCUM.METER), arrival.getDouble("distance_m"), 1e-9);
    assertFalse(arrival.containsKey("operator_id"), "an unmapped field is never released");
    JsonObject record = broker.record(answer);
    assertEquals("allow", record.getString("decision"));
    assertTrue(record.getString("artefact").matches("sha-256:[0-9a-f]{64}"), record.encode());
  }

  @Test
  void putTwin_switchingToV2_servesTheNextCallInV2WithoutRestartAndRecordsTheNewArtefact() throws Exception {
    TwinClient.Answer before = broker.call(ARRIVALS, STOP);
    legacy.retireV1();
    int records = broker.audit.records.size();

    TwinClient.Answer put = broker.put("bus-open-data", twin(legacy.baseUrl(), "v2"));
    TwinClient.Answer after = broker.call(ARRIVALS, STOP);

    assertEquals(200, put.status(), put.body().toString());
    assertTrue(broker.audit.records.size() > records, "the registry change is recorded");
    assertEquals(200, after.status(), after.body().toString());
    JsonObject arrival = after.json().getJsonArray("arrivals").getJsonObject(0);
    assertEquals(LegacyBusApi.ETA_S, arrival.getDouble("due_in_s"), 1e-9);
    assertEquals(converted(LegacyBusApi.DISTANCE_KM, UCUM.METER.prefix(MetricPrefix.KILO), UCUM.METER), arrival.getDouble("distance_m"), 1e-9);
    assertEquals(LegacyBusApi.TEMP_C, after.json().getDouble("air_temperature_c"), 1e-9);
    assertEquals(before.json().getJsonArray("arrivals").getJsonObject(0).getDouble("distance_m"),
        arrival.getDouble("distance_m"), 1e-6, "both formats describe the same bus");
    assertNotEquals(broker.record(before).getString("artefact"), broker.record(after).getString("artefact"));
  }

  @Test
  void call_pinnedToV1AfterV1Retired_isRefusedWithProblemJsonAndRecorded() throws Exception {
    legacy.retireV1();

    TwinClient.Answer answer = broker.call("bus-open-data/data/arrivals/arrivals-v1", STOP);

    assertEquals(502, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    assertEquals("legacy-bad-answer", answer.json().getString("reason"));
    JsonObject record = broker.record(answer);
    assertEquals("https://twinguard.io/problems/target-unavailable", record.getString("problem"));
  }

  @Test
  void putTwin_withInvalidSettings_isRefusedNamingThePathsAndTheOldMappingStillServes() throws Exception {
    JsonObject bad = twin(legacy.baseUrl(), "v2");
    bad.getJsonObject("adapter").getJsonObject("settings").remove("base_url");

    TwinClient.Answer put = broker.put("bus-open-data", bad);
    TwinClient.Answer answer = broker.call(ARRIVALS, STOP);

    assertEquals(422, put.status(), put.body().toString());
    assertEquals("application/problem+json", put.headers().get("content-type"));
    assertEquals(List.of("twin.adapter.settings.base_url: required"),
        put.json().getJsonArray("violations").getList());
    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals(converted(LegacyBusApi.ETA_MIN, UCUM.MINUTE, UCUM.SECOND),
        answer.json().getJsonArray("arrivals").getJsonObject(0).getDouble("due_in_s"), 1e-9, "still v1");
  }

  @Test
  void ready_reportsTheAdaptersHealthAndIsNotReadyWhileTheLegacyServerIsGone() throws Exception {
    TwinClient.Answer up = AdaptedBroker.await(broker.room.get("/ready"));
    legacy.close();
    TwinClient.Answer down = AdaptedBroker.await(broker.room.get("/ready"));
    legacy = new LegacyBusApi(broker.vertx);

    assertEquals(200, up.status(), up.body().toString());
    JsonObject busUp = up.json().getJsonObject("checks").getJsonObject("adapters").getJsonObject("twins")
        .getJsonObject("bus-open-data");
    assertEquals("rest-mapping", busUp.getString("type"));
    assertTrue(busUp.getBoolean("up"), busUp.encode());
    assertEquals(503, down.status(), down.body().toString());
    assertFalse(down.json().getJsonObject("checks").getJsonObject("adapters").getJsonObject("twins")
        .getJsonObject("bus-open-data").getBoolean("up"));
  }

  @Test
  void call_whenTheLegacyServerIsGone_isRefusedUnreachableAndRecorded() throws Exception {
    legacy.close();

    TwinClient.Answer answer = broker.call(ARRIVALS, STOP);
    legacy = new LegacyBusApi(broker.vertx);

    assertEquals(502, answer.status(), answer.body().toString());
    assertEquals("legacy-unreachable", answer.json().getString("reason"));
    assertEquals(answer.json().getString("type"), broker.record(answer).getString("problem"));
  }
}
