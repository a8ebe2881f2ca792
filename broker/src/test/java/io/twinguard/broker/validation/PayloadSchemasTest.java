package io.twinguard.broker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.registry.Block;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadSchemasTest {

  static final String FILE = """
      trust_domain: city.example
      twins:
        - id: spiffe://city.example/twin/building-hq
          org: city-buildings
          class: building
          endpoint: https://127.0.0.1:9103
          blocks:
            - kind: gateway
              name: doors
              operations:
                open:
                  command: true
                  schema:
                    type: object
                    properties:
                      door: {type: string, enum: [door-1, door-2]}
                    required: [door]
                    additionalProperties: false
                status: {}
      """;

  final Registry registry = RegistryCodec.parseYaml(FILE);
  final PayloadSchemas schemas = PayloadSchemas.compile(registry);
  final Twin building = registry.twin("building-hq").orElseThrow();
  final Block doors = building.block(BlockKind.GATEWAY, "doors").orElseThrow();
  final Operation open = doors.operation("open").orElseThrow();

  @Test
  void violations_validPayload_isEmpty() {
    assertEquals(List.of(), schemas.violations(building, doors, open, new JsonObject().put("door", "door-1").encode()));
  }

  @Test
  void violations_invalidPayload_namesWhereAndWhat() {
    List<String> violations = schemas.violations(building, doors, open, new JsonObject().put("door", "door-9").encode());

    assertEquals(List.of("/door: does not have a value in the enumeration [\"door-1\", \"door-2\"]"), violations);
  }

  @Test
  void violations_missingRequiredField_isReported() {
    assertFalse(schemas.violations(building, doors, open, "{}").isEmpty());
  }

  @Test
  void violations_emptySchema_acceptsAnyJson() {
    Operation status = doors.operation("status").orElseThrow();

    assertEquals(List.of(), schemas.violations(building, doors, status, "{\"x\": 1}"));
  }

  @Test
  void violations_payloadNotJson_saysSo() {
    assertEquals(List.of("payload is not JSON"), schemas.violations(building, doors, open, "{door"));
  }

  @Test
  void compile_invalidSchema_namesTheOperation() {
    Registry broken = RegistryCodec.parseYaml(FILE.replace("type: object\n", "type: 17\n"));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PayloadSchemas.compile(broken));

    assertTrue(e.getMessage().startsWith("schema of building-hq/gateway/doors/open"), e.getMessage());
  }
}
