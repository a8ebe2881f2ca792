package io.twinguard.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one defaults file: every setting in it, documented, parsed, with its variable. */
class DefaultsTest {

  private final TwinguardSettings defaults = SettingsLoader.defaults().home(Path.of("/home/u")).load().settings();

  @Test
  void defaults_everySetting_parsesToItsDocumentedValue() {
    assertEquals(new ListenSettings("127.0.0.1", 8443, 30), defaults.listen());
    assertEquals("city.example", defaults.trustDomain());
    assertEquals(Path.of("/home/u/.twinguard"), defaults.dataDir());
    assertEquals(Path.of("/home/u/.twinguard/ca"), defaults.caDir());
    assertEquals(Duration.ofSeconds(60), defaults.crlReload());
    assertEquals(new ServerSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), defaults.server());
    assertEquals(Optional.empty(), defaults.registry());
    assertEquals(new PolicySettings(PolicySettings.Engine.WASM, URI.create("http://127.0.0.1:8181"), 500,
        Optional.empty(), Optional.empty(), "RS256", Optional.empty(), 30, 8_388_608, 120, 5, Optional.empty()),
        defaults.policy());
    assertEquals(Optional.empty(), defaults.policy().bundleLocation());
    assertEquals(new DbSettings(Optional.empty()), defaults.db());
    assertEquals(new LogSettings("twinguard.local/audit", Path.of("/home/u/.twinguard/audit-log-key.pem"), 512, 1, 2,
        LogSettings.WriteAhead.COMMANDS,
        LogSettings.Writers.SINGLE, 1000, 10000, 50000),
        defaults.log());
    assertEquals(Duration.ofMillis(1), defaults.log().maxAge());
    assertEquals(new SignatureSettings(60, 2, 1_000_000), defaults.signatures());
    assertEquals(Duration.ofSeconds(30), defaults.leases().ttl());
    assertEquals(new ForwardSettings(5000, 5, 10_000), defaults.forward());
    assertEquals(1_048_576, defaults.bodyLimitBytes());
    assertEquals(List.of(), defaults.admins());
    assertEquals(new FabricSettings(Optional.empty(), 30_000), defaults.fabric());
    assertEquals(new AnchorSettings(100_000, 1000), defaults.anchor());
    assertEquals(new AdapterSettings(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"),
        Path.of("/home/u/.twinguard/artefacts"), Path.of("python3")), defaults.adapters());
    assertEquals(new IdentitySettings(Optional.empty(), "twinguard-broker", 30, 300, 5000, 30, 60, 1_000_000),
        defaults.identity());
    assertEquals(Optional.empty(), defaults.identity().issuer());
    assertEquals(new ConsentSettings(100_000, 2000, 5, 1000, 5000, Path.of("/home/u/.twinguard/consent-receipt-key.pem"),
        Path.of("/home/u/.twinguard/consent-subject-key"), true, "/consent", Optional.empty(), "twinguard-web", "EU",
        Optional.empty()), defaults.consent());
    assertEquals(new ClusterSettings(false, "twinguard", "127.0.0.1", 5701, List.of(), 2000), defaults.cluster());
  }

  @Test
  void paths_everyComponentOfTheTree_hasADefault() {
    // binding fails on a component missing from the defaults (FAIL_ON_MISSING_CREATOR_PROPERTIES) and
    // on a default no component takes (FAIL_ON_UNKNOWN_PROPERTIES); count both ways as well
    int components = 0;
    for (var component : TwinguardSettings.class.getRecordComponents()) {
      Class<?> type = component.getType();
      components += type.isRecord() ? type.getRecordComponents().length : 1;
    }
    assertEquals(components, SettingsLoader.paths().size());
  }

  @Test
  void variable_ofEachPath_isPrefixedUpperCaseWithUnderscores() {
    assertEquals("TWINGUARD_LOG_MAX_BATCH", SettingsLoader.variable("log.max_batch"));
    assertEquals("TWINGUARD_DATA_DIR", SettingsLoader.variable("data_dir"));
    Set<String> variables = new HashSet<>();
    SettingsLoader.paths().forEach(path -> variables.add(SettingsLoader.variable(path)));
    assertEquals(SettingsLoader.paths().size(), variables.size());
    assertTrue(variables.stream().noneMatch(LauncherVariables.ALL::containsKey));
  }

  @Test
  void variable_todaysNames_stillNameTheirSettings() {
    Map<String, String> kept = Map.ofEntries(
        Map.entry("TWINGUARD_DB_URL", "db.url"),
        Map.entry("TWINGUARD_DATA_DIR", "data_dir"),
        Map.entry("TWINGUARD_CA_DIR", "ca_dir"),
        Map.entry("TWINGUARD_CRL_RELOAD_S", "crl_reload_s"),
        Map.entry("TWINGUARD_REGISTRY", "registry"),
        Map.entry("TWINGUARD_LISTEN_PORT", "listen.port"),
        Map.entry("TWINGUARD_LOG_ORIGIN", "log.origin"),
        Map.entry("TWINGUARD_LOG_KEY_FILE", "log.key_file"),
        Map.entry("TWINGUARD_LOG_MAX_BATCH", "log.max_batch"),
        Map.entry("TWINGUARD_LOG_MAX_AGE_MS", "log.max_age_ms"),
        Map.entry("TWINGUARD_LOG_MAX_IN_FLIGHT", "log.max_in_flight"),
        Map.entry("TWINGUARD_LOG_WRITERS", "log.writers"),
        Map.entry("TWINGUARD_LOG_TAKEOVER_MS", "log.takeover_ms"),
        Map.entry("TWINGUARD_FABRIC_DIR", "fabric.dir"),
        Map.entry("TWINGUARD_FABRIC_DEADLINE_MS", "fabric.deadline_ms"),
        Map.entry("TWINGUARD_ANCHOR_EVERY_RECORDS", "anchor.every_records"),
        Map.entry("TWINGUARD_ANCHOR_EVERY_MS", "anchor.every_ms"));
    kept.forEach((variable, path) -> {
      assertTrue(SettingsLoader.paths().contains(path), path);
      assertEquals(variable, SettingsLoader.variable(path));
    });
  }

  @Test
  void defaultsFile_everySetting_hasAComment() throws IOException {
    List<String> lines;
    try (InputStream in = SettingsLoader.class.getResourceAsStream("twinguard-defaults.yaml")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    List<String> undocumented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      boolean leaf = !line.startsWith("#") && line.contains(":") && !line.endsWith(":");
      if (leaf && !lines.get(i - 1).strip().startsWith("#")) {
        undocumented.add(line);
      }
    }
    assertEquals(List.of(), undocumented);
  }
}
