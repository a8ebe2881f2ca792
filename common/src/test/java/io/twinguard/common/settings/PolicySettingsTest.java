package io.twinguard.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy lifecycle's settings: uploads verified without a policy.bundle, and what policy.shadow names. */
class PolicySettingsTest {

  @Test
  void load_keyWithoutBundle_verifiesUploadsAndAShadowBundleFile() {
    PolicySettings policy = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_BUNDLE_KEY", "/srv/key.pem",
            "TWINGUARD_POLICY_SHADOW", "/srv/candidate.tar.gz"))
        .load().settings().policy();

    assertEquals(Optional.empty(), policy.bundleLocation());
    assertEquals(Optional.of(Path.of("/srv/candidate.tar.gz")), policy.shadowBundle());
    assertEquals(Optional.empty(), policy.shadowRevision());
  }

  @Test
  void load_shadowWithoutSlash_isAStoredRevision() {
    PolicySettings policy = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_SHADOW", "2026-12-02.1")).load().settings().policy();

    assertEquals(Optional.of("2026-12-02.1"), policy.shadowRevision());
    assertEquals(Optional.empty(), policy.shadowBundle());
  }

  @Test
  void load_shadowBundleFileWithoutKey_isRefusedFailingClosed() {
    SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_SHADOW", "/srv/candidate.tar.gz")).load());

    assertTrue(e.getMessage().startsWith("policy.shadow names a bundle file, which needs policy.bundle_key"),
        e.getMessage());
  }

  @Test
  void load_shadowForAnOpaServer_isRefused() {
    SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_ENGINE", "opa", "TWINGUARD_POLICY_SHADOW", "rev-2")).load());

    assertTrue(e.getMessage().startsWith("policy.shadow needs policy.engine wasm"), e.getMessage());
  }
}
