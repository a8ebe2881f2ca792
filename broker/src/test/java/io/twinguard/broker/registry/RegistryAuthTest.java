package io.twinguard.broker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a twin may authenticate, as its registry entry declares: {@code auth} and {@code client_id}. */
class RegistryAuthTest {

  private static String registry(String... twinLines) {
    StringBuilder yaml = new StringBuilder("trust_domain: city.example\ntwins:\n");
    for (int i = 0; i < twinLines.length; i++) {
      yaml.append("  - id: spiffe://city.example/twin/t").append(i).append('\n')
          .append("    org: org-").append(i).append('\n')
          .append("    class: hvac\n")
          .append("    endpoint: https://127.0.0.1:9001\n");
      if (!twinLines[i].isEmpty()) {
        yaml.append("    ").append(twinLines[i].replace("\n", "\n    ")).append('\n');
      }
    }
    return yaml.toString();
  }

  @Test
  void parseYaml_noAuth_allowsMtlsOnly() {
    Twin twin = RegistryCodec.parseYaml(registry("")).twin("t0").orElseThrow();

    assertEquals(Set.of(AuthMethod.MTLS), twin.auth());
    assertEquals(Optional.empty(), twin.clientId());
  }

  @Test
  void parseYaml_mtlsAndTokenWithClient_isFoundByItsClient() {
    Registry parsed = RegistryCodec.parseYaml(registry("auth: [mtls, token]\nclient_id: hvac-co"));

    Twin twin = parsed.twinByClient("hvac-co").orElseThrow();
    assertEquals("t0", twin.name());
    assertTrue(twin.allows(AuthMethod.MTLS));
    assertTrue(twin.allows(AuthMethod.TOKEN));
    assertEquals(Optional.empty(), parsed.twinByClient("lift-co"));
  }

  @Test
  void parseYaml_tokenWithoutClient_isRefusedWithThePath() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(registry("auth: [token]")));

    assertTrue(e.getMessage().startsWith("twins[0]: auth allows token, so client_id"), e.getMessage());
  }

  @Test
  void parseYaml_unknownOrEmptyOrRepeatedAuth_isRefusedWithThePath() {
    assertTrue(assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(registry("auth: [password]")))
        .getMessage().startsWith("twins[0].auth: must be one of mtls, token, not 'password'"));
    assertTrue(assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(registry("auth: []")))
        .getMessage().startsWith("twins[0]: auth must allow"));
    assertTrue(assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(registry("auth: [mtls, mtls]")))
        .getMessage().startsWith("twins[0].auth: 'mtls' is listed twice"));
  }

  @Test
  void parseYaml_clientIdWithSpaces_isRefused() {
    RegistryException e = assertThrows(RegistryException.class,
        () -> RegistryCodec.parseYaml(registry("auth: [token]\nclient_id: \"hvac co\"")));

    assertTrue(e.getMessage().contains("client_id must be"), e.getMessage());
  }

  @Test
  void parseYaml_twoTwinsOfOneClient_isRefused() {
    RegistryException e = assertThrows(RegistryException.class, () -> RegistryCodec.parseYaml(
        registry("auth: [token]\nclient_id: hvac-co", "auth: [mtls, token]\nclient_id: hvac-co")));

    assertTrue(e.getMessage().contains("name the same client_id 'hvac-co'"), e.getMessage());
  }

  @Test
  void with_twinNamingAnotherTwinsClient_isRefused() {
    Registry parsed = RegistryCodec.parseYaml(registry("auth: [token]\nclient_id: hvac-co", ""));
    Twin other = parsed.twin("t1").orElseThrow();
    Twin claiming = new Twin(other.id(), other.name(), other.org(), other.twinClass(), other.endpoint(),
        other.blocks(), Set.of(AuthMethod.TOKEN), Optional.of("hvac-co"));

    assertThrows(IllegalArgumentException.class, () -> parsed.with(claiming));
  }

  @Test
  void with_twinReplacedWithItsOwnClient_isAccepted() {
    Registry parsed = RegistryCodec.parseYaml(registry("auth: [token]\nclient_id: hvac-co"));
    Twin twin = parsed.twin("t0").orElseThrow();
    Twin mtlsToo = new Twin(twin.id(), twin.name(), twin.org(), twin.twinClass(), twin.endpoint(), twin.blocks(),
        Set.of(AuthMethod.MTLS, AuthMethod.TOKEN), twin.clientId());

    assertEquals(mtlsToo, parsed.with(mtlsToo).twinByClient("hvac-co").orElseThrow());
  }

  @Test
  void twinToJson_authAndClient_roundTrip() {
    Twin twin = RegistryCodec.parseYaml(registry("auth: [token, mtls]\nclient_id: hvac-co")).twin("t0").orElseThrow();

    Twin again = RegistryCodec.twinFromJson(RegistryCodec.twinToJson(twin), "twin");

    assertEquals(twin, again);
    assertEquals("[\"mtls\",\"token\"]", RegistryCodec.twinToJson(twin).getJsonArray("auth").encode());
    assertFalse(RegistryCodec.twinToJson(RegistryCodec.parseYaml(registry("")).twin("t0").orElseThrow())
        .containsKey("client_id"));
  }
}
