package io.twinguard.broker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.rest.RestMappingFactory;
import io.twinguard.common.twin.BlockKind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

  static final String FILE = """
      trust_domain: city.example
      twins:
        - id: spiffe://city.example/twin/hvac-room-1
          org: hvac-co
          class: hvac
          endpoint: https://127.0.0.1:9001
          notifications: https://127.0.0.1:9001/notices
          blocks:
            - kind: gateway
              name: doors
              actuators: [door-1, door-2]
              operations:
                open: {command: true, schema: {type: object, required: [door]}}
                status: {}
            - kind: data
              name: occupancy
              data_categories: [pd:Location]
              fields: {/occupants: pd:Location}
              ip_class: proprietary
              signature_required: true
              operations:
                read:
      """;

  @Test
  void parseYaml_validFile_yieldsTwinsBlocksAndOperations() {
    Registry registry = RegistryCodec.parseYaml(FILE);

    Twin hvac = registry.twin("hvac-room-1").orElseThrow();
    assertEquals("hvac-co", hvac.org());
    assertEquals("hvac", hvac.twinClass());
    Block doors = hvac.block(BlockKind.GATEWAY, "doors").orElseThrow();
    assertEquals(List.of("door-1", "door-2"), doors.actuators());
    assertTrue(doors.requiresSignature(doors.operation("open").orElseThrow()));
    assertFalse(doors.requiresSignature(doors.operation("status").orElseThrow()));
    Block occupancy = hvac.block(BlockKind.DATA, "occupancy").orElseThrow();
    assertEquals(IpClass.PROPRIETARY, occupancy.ipClass());
    assertEquals(Map.of("/occupants", "pd:Location"), occupancy.fields());
    assertTrue(occupancy.requiresSignature(occupancy.operation("read").orElseThrow()));
    assertEquals(hvac, registry.twinById("spiffe://city.example/twin/hvac-room-1").orElseThrow());
  }

  @Test
  void twinToJson_roundTripsThroughTwinFromJson() {
    Twin hvac = RegistryCodec.parseYaml(FILE).twin("hvac-room-1").orElseThrow();

    Twin again = RegistryCodec.twinFromJson(RegistryCodec.twinToJson(hvac), "twin");

    assertEquals(RegistryCodec.twinToJson(hvac), RegistryCodec.twinToJson(again));
  }

  @Test
  void parseYaml_badKind_namesThePath() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE.replace("kind: data", "kind: database")));

    assertEquals("twins[0].blocks[1].kind: must be one of gateway, data, model, service, not 'database'", e.getMessage());
  }

  @Test
  void parseYaml_idOfAnotherTrustDomain_isRefused() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE.replace("spiffe://city.example/", "spiffe://farm.example/")));

    assertTrue(e.getMessage().startsWith("twins: twin id 'spiffe://farm.example/twin/hvac-room-1' must be"), e.getMessage());
  }

  @Test
  void parseYaml_missingOrg_namesThePath() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE.replace("org: hvac-co", "")));

    assertEquals("twins[0]: org is required", e.getMessage());
  }

  @Test
  void parseYaml_duplicateBlock_isRefused() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE.replace("kind: data\n        name: occupancy", "kind: gateway\n        name: doors")));

    assertEquals("twins[0].blocks[1]: a gateway block named 'doors' is declared twice", e.getMessage());
  }

  @Test
  void parseYaml_notYaml_saysSo() {
    RegistryException e = assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml("twins: [unclosed"));

    assertTrue(e.getMessage().startsWith("registry file is not valid YAML"), e.getMessage());
  }

  @Test
  void parseYaml_endpointWithoutHost_isRefused() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE.replace("https://127.0.0.1:9001", "file:///etc/passwd")));

    assertEquals("twins[0].endpoint: must be an http or https URL with a host, not 'file:///etc/passwd'", e.getMessage());
  }

  static final Adapters REST = new Adapters(List.of(new RestMappingFactory()));

  static final String BUS = """
        - id: spiffe://city.example/twin/bus-open-data
          org: bus-co
          class: transport
          adapter:
            type: rest-mapping
            settings:
              base_url: http://127.0.0.1:8089
              version: v1
              operations:
                - block: data/arrivals
                  operation: arrivals
                  formats:
                    v1:
                      method: GET
                      path: /v1/arrivals
                      response:
                        - {from: /stop_name, to: /stop}
          blocks:
            - kind: data
              name: arrivals
              operations:
                arrivals: {}
      """;

  @Test
  void parseYaml_twinWithAnAdapter_isReachedThroughItsValidatedDeclaration() {
    Registry registry = RegistryCodec.parseYaml(FILE + BUS, REST);

    Twin bus = registry.twin("bus-open-data").orElseThrow();
    Reach.Adapted adapted = assertInstanceOf(Reach.Adapted.class, bus.reach());
    assertEquals("rest-mapping", adapted.type());
    assertEquals("http://127.0.0.1:8089", adapted.declaration().getJsonObject("settings").getString("base_url"));
    assertThrows(IllegalStateException.class, bus::endpoint);
    assertEquals(bus, RegistryCodec.twinFromJson(RegistryCodec.twinToJson(bus), "twin", REST));
  }

  @Test
  void parseYaml_invalidAdapterSettings_namesEveryErrorWithItsPath() {
    RegistryException e = assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(
        FILE + BUS.replace("base_url: http://127.0.0.1:8089", "base_urll: http://127.0.0.1:8089")
            .replace("method: GET", "method: PATCH"), REST));

    assertTrue(e.errors().contains("twins[1].adapter.settings.base_url: required"), e.errors().toString());
    assertTrue(e.errors().stream().anyMatch(error -> error.startsWith("twins[1].adapter.settings.base_urll: ")),
        e.errors().toString());
    assertTrue(e.errors().stream().anyMatch(error -> error.startsWith(
        "twins[1].adapter.settings.operations[0].formats.v1.method: ")), e.errors().toString());
  }

  @Test
  void parseYaml_unknownAdapterType_namesTheKnownOnes() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE + BUS.replace("type: rest-mapping", "type: soap"), REST));

    assertEquals("twins[1].adapter.type: must be one of rest-mapping, not 'soap'", e.getMessage());
  }

  @Test
  void parseYaml_bothEndpointAndAdapter_orNeither_isRefused() {
    RegistryException both = assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(
        FILE + BUS.replace("class: transport", "class: transport\n    endpoint: https://127.0.0.1:9"), REST));
    RegistryException neither = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(FILE.replace("endpoint: https://127.0.0.1:9001", ""), REST));

    assertEquals("twins[1]: declare exactly one of endpoint and adapter", both.getMessage());
    assertEquals("twins[0]: declare exactly one of endpoint and adapter", neither.getMessage());
  }

  @Test
  void parseYaml_adapterWhereNoAdapterTypesAreKnown_isRefused() {
    RegistryException e = assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(FILE + BUS));

    assertEquals("twins[1].adapter: no adapter types are known here; declare an endpoint", e.getMessage());
  }

  @Test
  void with_replacesTwinOfSameName_withoutChangingTheOriginal() {
    Registry registry = RegistryCodec.parseYaml(FILE);
    Twin hvac = registry.twin("hvac-room-1").orElseThrow();
    Twin moved = new Twin(hvac.id(), hvac.name(), "other-org", hvac.twinClass(), hvac.endpoint(), hvac.blocks());

    Registry next = registry.with(moved);

    assertEquals("other-org", next.twin("hvac-room-1").orElseThrow().org());
    assertEquals("hvac-co", registry.twin("hvac-room-1").orElseThrow().org());
    assertTrue(next.without("hvac-room-1").twins().isEmpty());
  }

  @Test
  void parseYaml_notificationsUrl_isKeptAndRoundTrips() {
    Twin hvac = RegistryCodec.parseYaml(FILE).twin("hvac-room-1").orElseThrow();

    assertEquals(Optional.of(URI.create("https://127.0.0.1:9001/notices")), hvac.notifications());
    assertEquals(hvac.notifications(), RegistryCodec.twinFromJson(RegistryCodec.twinToJson(hvac), "twin").notifications());
  }

  @Test
  void parseYaml_notificationsOverPlainHttp_isRefusedWithItsPath() {
    RegistryException e = assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(
        FILE.replace("notifications: https://", "notifications: http://")));

    assertEquals("twins[0].notifications: must be an https URL, not 'http://127.0.0.1:9001/notices'", e.getMessage());
  }
}
