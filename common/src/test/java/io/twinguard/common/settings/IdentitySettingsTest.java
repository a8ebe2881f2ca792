package io.twinguard.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code identity.*} settings as the loader binds and refuses them. */
class IdentitySettingsTest {

  private static SettingsException refusedVariable(String variable, String value) {
    return assertThrows(SettingsException.class,
        () -> SettingsLoader.defaults().environment(Map.of(variable, value)).load());
  }

  @Test
  void load_keycloakUrlNotHttp_isRefusedNamingTheVariable() {
    SettingsException e = refusedVariable("TWINGUARD_IDENTITY_KEYCLOAK_URL", "ftp://127.0.0.1/realms/x");

    assertTrue(e.getMessage().startsWith("identity.keycloak_url must be an absolute http or https URL"), e.getMessage());
    assertTrue(e.getMessage().contains("TWINGUARD_IDENTITY_KEYCLOAK_URL"), e.getMessage());
  }

  @Test
  void load_keycloakUrlOfARealm_isTheIssuer() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_IDENTITY_KEYCLOAK_URL", "http://127.0.0.1:18080/realms/twinguard")).load()
        .settings();

    assertEquals(Optional.of("http://127.0.0.1:18080/realms/twinguard"), settings.identity().issuer());
  }

  @Test
  void load_keycloakUrlWithTrailingSlash_isRefused() {
    SettingsException e = refusedVariable("TWINGUARD_IDENTITY_KEYCLOAK_URL", "http://127.0.0.1:18080/realms/twinguard/");

    assertTrue(e.getMessage().contains("without a trailing slash"), e.getMessage());
  }

  @Test
  void load_withoutKeycloakUrl_hasNoIssuer() {
    assertEquals(Optional.empty(), SettingsLoader.defaults().load().settings().identity().issuer());
  }

  @Test
  void load_dpopProofLifetimeAboveFiveMinutes_isRefused() {
    SettingsException e = refusedVariable("TWINGUARD_IDENTITY_DPOP_PROOF_LIFETIME_S", "301");

    assertTrue(e.getMessage().startsWith("identity.dpop_proof_lifetime_s must be at most 300"), e.getMessage());
  }
}
