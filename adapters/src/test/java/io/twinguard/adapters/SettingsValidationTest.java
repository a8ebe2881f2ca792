package io.twinguard.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.adapters.testing.Declarations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every adapter declaration error is reported with the path of the offending value. */
class SettingsValidationTest {

  @TempDir
  static Path store;

  private static Adapters adapters;

  @BeforeAll
  static void wire() {
    adapters = StandardAdapters.create(new StandardAdapters.Options(
        new SandboxOptions(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"), store),
        Path.of("/usr/bin/python3")));
  }

  private static List<String> errors(JsonObject adapter) {
    return assertThrows(SettingsException.class, () -> adapters.validate(adapter, "twins[3].adapter")).errors();
  }

  private static JsonObject arrivals(String version) {
    return Declarations.twin("registry/city-arrivals.yaml", Map.of("BASE_URL", "http://127.0.0.1:1", "VERSION", version))
        .getJsonObject("adapter");
  }

  private static JsonObject firstFormat(JsonObject adapter) {
    return adapter.getJsonObject("settings").getJsonArray("operations").getJsonObject(0).getJsonObject("formats").getJsonObject("v1");
  }

  @Test
  void types_areTheStandardOnes() {
    assertEquals(List.of("rest-mapping", "blackbox", "fmu", "mqtt", "opcua", "aas"), List.copyOf(adapters.types()));
  }

  @Test
  void validate_whenTypeUnknown_namesTheTypesKnown() {
    assertEquals(List.of("twins[3].adapter.type: must be one of rest-mapping, blackbox, fmu, mqtt, opcua, aas, not 'soap'"),
        errors(new JsonObject().put("type", "soap")));
  }

  @Test
  void validate_whenSettingsNotAMapping_namesThePath() {
    assertEquals(List.of("twins[3].adapter.settings: must be a mapping"),
        errors(new JsonObject().put("type", "rest-mapping").put("settings", "base_url=x")));
  }

  @Nested
  class RestMapping {
    @Test
    void validate_whenDeclarationIsTheReadmesExample_passes() {
      adapters.validate(arrivals("v2"), "twins[3].adapter");
    }

    @Test
    void validate_whenMethodIsNeitherGetNorPost_namesItsPath() {
      JsonObject adapter = arrivals("v1");
      firstFormat(adapter).put("method", "DELETE");

      assertEquals(List.of("twins[3].adapter.settings.operations[0].formats.v1.method: must be GET or POST"), errors(adapter));
    }

    @Test
    void validate_whenUnitIsNotUcum_namesItsPath() {
      JsonObject adapter = arrivals("v1");
      firstFormat(adapter).getJsonArray("response").getJsonObject(1).getJsonObject("unit").put("from", "fahrenheit");

      assertEquals(List.of("twins[3].adapter.settings.operations[0].formats.v1.response[1].unit: not a UCUM unit code: 'fahrenheit'"),
          errors(adapter));
    }

    @Test
    void validate_whenUnitsMeasureDifferentQuantities_namesItsPath() {
      JsonObject adapter = arrivals("v1");
      firstFormat(adapter).getJsonArray("response").getJsonObject(2).getJsonArray("each").getJsonObject(1)
          .getJsonObject("unit").put("to", "m");

      assertEquals(List.of("twins[3].adapter.settings.operations[0].formats.v1.response[2].each[1].unit: "
          + "cannot convert 'min' to 'm': they measure different quantities"), errors(adapter));
    }

    @Test
    void validate_whenVersionIsNotDeclared_namesItsPath() {
      assertEquals(List.of("twins[3].adapter.settings.operations[0].version: 'v3' is none of the declared formats [v1, v2]"),
          errors(arrivals("v3")));
    }

    @Test
    void validate_whenSeveralErrors_reportsEach() {
      JsonObject adapter = arrivals("v1");
      adapter.getJsonObject("settings").put("timout_ms", 5).put("base_url", "ftp://bus.example");
      firstFormat(adapter).remove("response");
      firstFormat(adapter).put("path", "/v1/{stop}/arrivals");

      List<String> errors = errors(adapter);

      assertTrue(errors.contains("twins[3].adapter.settings.base_url: must be an http or https URL with a host and no query, not 'ftp://bus.example'"), errors.toString());
      assertTrue(errors.contains("twins[3].adapter.settings.timout_ms: unknown setting; allowed: base_url, health_path, max_response_bytes, operations, timeout_ms, version"), errors.toString());
      assertTrue(errors.contains("twins[3].adapter.settings.operations[0].formats.v1.params: must name exactly the placeholders of the path [stop]"), errors.toString());
      assertTrue(errors.contains("twins[3].adapter.settings.operations[0].formats.v1.response: required: the rules that build the answer (nothing unmapped is released)"), errors.toString());
      assertEquals(4, errors.size(), errors.toString());
    }

    @Test
    void validate_whenAGetMapsARequestBody_namesItsPath() {
      JsonObject adapter = arrivals("v1");
      firstFormat(adapter).put("request", new JsonArray().add(new JsonObject().put("from", "/limit").put("to", "/max")));

      assertEquals(List.of("twins[3].adapter.settings.operations[0].formats.v1.request: a GET has no request body to map"), errors(adapter));
    }
  }

  @Nested
  class BlackBox {
    private JsonObject declaration() {
      return new JsonObject().put("type", "blackbox").put("settings", new JsonObject()
          .put("executable", "/opt/models/thermal")
          .put("operations", new JsonArray().add(new JsonObject()
              .put("block", "model/thermal").put("operation", "predict")
              .put("response_schema", new JsonObject().put("type", "object")))));
    }

    @Test
    void validate_whenWellFormed_passes() {
      adapters.validate(declaration(), "twins[3].adapter");
    }

    @Test
    void validate_whenResponseSchemaMissing_namesItsPath() {
      JsonObject adapter = declaration();
      adapter.getJsonObject("settings").getJsonArray("operations").getJsonObject(0).remove("response_schema");

      assertEquals(List.of("twins[3].adapter.settings.operations[0].response_schema: required"), errors(adapter));
    }

    @Test
    void validate_whenSchemaRefersOutsideItself_namesItsPath() {
      JsonObject adapter = declaration();
      adapter.getJsonObject("settings").getJsonArray("operations").getJsonObject(0)
          .put("response_schema", new JsonObject().put("$ref", "https://schemas.example/thermal.json"));

      assertEquals(List.of("twins[3].adapter.settings.operations[0].response_schema: '$ref' must be a local reference (#...): nothing is fetched"),
          errors(adapter));
    }

    @Test
    void validate_whenPathsAndLimitsAreWrong_namesEachPath() {
      JsonObject adapter = declaration();
      adapter.getJsonObject("settings").put("executable", "models/../thermal").put("timeout_ms", 0)
          .put("memory_mb", "lots").put("env", new JsonObject().put("LD_PRELOAD", "/x.so"));

      assertEquals(List.of(
          "twins[3].adapter.settings.executable: must be an absolute, normalised path below /, not 'models/../thermal'",
          "twins[3].adapter.settings.env.LD_PRELOAD: not a variable a model may set",
          "twins[3].adapter.settings.timeout_ms: must be a whole number from 1 to 60000",
          "twins[3].adapter.settings.memory_mb: must be a whole number from 16 to 8192"), errors(adapter));
    }
  }

  @Nested
  class Fmu {
    @Test
    void validate_whenOutputsMissingAndStateMalformed_namesEachPath() {
      JsonObject adapter = new JsonObject().put("type", "fmu").put("settings", new JsonObject()
          .put("fmu", "/opt/models/HvacThermal.zip")
          .put("operations", new JsonArray().add(new JsonObject()
              .put("block", "model/thermal").put("operation", "step")
              .put("state", new JsonObject().put("room_c", 18)))));

      assertEquals(List.of(
          "twins[3].adapter.settings.fmu: must name a .fmu file",
          "twins[3].adapter.settings.operations[0].outputs: required: the outputs released",
          "twins[3].adapter.settings.operations[0].state.room_c: must name the parameter that starts the next step from this output"),
          errors(adapter));
    }
  }

  @Nested
  class Industrial {
    private JsonObject mqtt() {
      return Declarations.twin("registry/room-12-mqtt.yaml", Map.of("PORT", "18883", "CA", "/etc/ca.pem",
          "CERT", "/etc/broker.pem", "KEY", "/etc/broker-key.pem", "CAPACITY", "16")).getJsonObject("adapter");
    }

    @Test
    void validate_whenMqttWellFormed_passes() {
      adapters.validate(mqtt(), "twins[3].adapter");
    }

    @Test
    void validate_whenMqttTopicsAndBlocksAreWrong_namesEachPath() {
      JsonObject adapter = mqtt();
      JsonObject settings = adapter.getJsonObject("settings");
      settings.getJsonArray("telemetry").getJsonObject(0).put("block", "data/climate").put("topic", "building/#/telemetry");
      settings.getJsonArray("commands").getJsonObject(0).put("topic", "building/+/doors").remove("request_schema");
      settings.getJsonObject("tls").put("key_file", "broker-key.pem");

      assertEquals(List.of(
          "twins[3].adapter.settings.tls.key_file: must be an absolute path, not 'broker-key.pem'",
          "twins[3].adapter.settings.telemetry[0].block: events come from gateway blocks, not data",
          "twins[3].adapter.settings.telemetry[0].topic: '#' must be a whole level and the last one",
          "twins[3].adapter.settings.commands[0].topic: a topic to publish to has no wildcards",
          "twins[3].adapter.settings.commands[0].request_schema: required: a JSON Schema the command's payload must satisfy"),
          errors(adapter));
    }

    @Test
    void validate_whenOpcUaBlockKindsAndTypesAreWrong_namesEachPath() {
      JsonObject adapter = Declarations.twin("registry/boiler-plant-opcua.yaml", Map.of("ENDPOINT", "http://127.0.0.1:4840/x",
          "CA", "/etc/ca.pem", "CERT", "/etc/c.pem", "KEY", "/etc/k.pem", "CAPACITY", "8")).getJsonObject("adapter");
      JsonObject settings = adapter.getJsonObject("settings");
      settings.getJsonArray("reads").getJsonObject(0).put("block", "gateway/boiler");
      settings.getJsonArray("methods").getJsonObject(0).getJsonArray("inputs").getJsonObject(0).put("type", "quaternion");

      assertEquals(List.of(
          "twins[3].adapter.settings.endpoint: must be an opc.tcp://host:port/path URL, not 'http://127.0.0.1:4840/x'",
          "twins[3].adapter.settings.reads[0].block: must be a data block here, not gateway/boiler",
          "twins[3].adapter.settings.methods[0].inputs[0].type: must be one of double, float, int32, int64, boolean, string, not 'quaternion'"),
          errors(adapter));
    }

    @Test
    void validate_whenAasElementPathAndUrlAreWrong_namesEachPath() {
      JsonObject adapter = new JsonObject().put("type", "aas").put("settings", new JsonObject()
          .put("submodels", new JsonArray().add(new JsonObject().put("block", "data/operation").put("url", "ftp://aas/submodels/x")
              .put("elements", new JsonArray().add(new JsonObject().put("path", "Schedule..Start").put("type", "double"))))));

      assertEquals(List.of(
          "twins[3].adapter.settings.submodels[0].url: must be an http or https URL with a host and no query, not 'ftp://aas/submodels/x'",
          "twins[3].adapter.settings.submodels[0].elements[0].path: must be an idShort path such as Schedule.Start, not 'Schedule..Start'",
          "twins[3].adapter.settings.submodels[0].elements[0].type: must be an xs: value type, not 'double'"),
          errors(adapter));
    }
  }
}
