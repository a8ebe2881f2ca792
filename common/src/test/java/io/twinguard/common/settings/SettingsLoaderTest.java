package io.twinguard.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers, their precedence and the provenance of each value. */
class SettingsLoaderTest {

  @TempDir Path dir;

  private Path yaml(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void load_eachLayer_overridesTheOneBelowForTheSettingsItGives() throws IOException {
    Path file = yaml("config.yaml", """
        listen:
          port: 9001
        log:
          origin: file.example/log
          max_batch: 8
        db:
          url: postgresql://file@h/db
        """);

    LoadedSettings loaded = SettingsLoader.defaults()
        .file(Optional.of(file))
        .environment(Map.of("TWINGUARD_LOG_ORIGIN", "env.example/log", "TWINGUARD_DB_URL", "postgresql://env@h/db"))
        .option("db.url", "--db-url", "postgresql://option@h/db")
        .load();
    TwinguardSettings settings = loaded.settings();

    assertEquals("127.0.0.1", settings.listen().host());
    assertEquals(9001, settings.listen().port());
    assertEquals(8, settings.log().maxBatch());
    assertEquals("env.example/log", settings.log().origin());
    assertEquals(Optional.of("postgresql://option@h/db"), settings.db().url());
    assertEquals(new SettingSource.Default(""), loaded.sourceOf("listen.host"));
    assertEquals(new SettingSource.File(file), loaded.sourceOf("listen.port"));
    assertEquals(new SettingSource.File(file), loaded.sourceOf("log.max_batch"));
    assertEquals(new SettingSource.Environment("TWINGUARD_LOG_ORIGIN"), loaded.sourceOf("log.origin"));
    assertEquals(new SettingSource.Option("--db-url"), loaded.sourceOf("db.url"));
  }

  @Test
  void load_optionGivenBeforeEnvironment_stillWins() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .option("log.origin", "--origin", "option.example/log")
        .environment(Map.of("TWINGUARD_LOG_ORIGIN", "env.example/log"))
        .load().settings();

    assertEquals("option.example/log", settings.log().origin());
  }

  @Test
  void load_optionWithoutValue_leavesTheLowerLayer() {
    LoadedSettings loaded = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_FABRIC_DIR", "/from/env"))
        .option("fabric.dir", "--fabric-dir", null)
        .load();

    assertEquals(Optional.of(Path.of("/from/env")), loaded.settings().fabric().dir());
    assertEquals(new SettingSource.Environment("TWINGUARD_FABRIC_DIR"), loaded.sourceOf("fabric.dir"));
  }

  @Test
  void load_noFileGiven_readsTheFileNamedByTwinguardConfig() throws IOException {
    Path file = yaml("named.yaml", "anchor:\n  every_ms: 250\n");

    LoadedSettings loaded = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_CONFIG", file.toString()))
        .load();

    assertEquals(250, loaded.settings().anchor().everyMs());
    assertEquals(new SettingSource.File(file), loaded.sourceOf("anchor.every_ms"));
  }

  @Test
  void load_fileGivenAndTwinguardConfigSet_readsOnlyTheGivenFile() throws IOException {
    Path given = yaml("given.yaml", "anchor:\n  every_ms: 250\n");
    Path named = yaml("named.yaml", "anchor:\n  every_records: 7\n");

    TwinguardSettings settings = SettingsLoader.defaults()
        .file(Optional.of(given))
        .environment(Map.of("TWINGUARD_CONFIG", named.toString()))
        .load().settings();

    assertEquals(250, settings.anchor().everyMs());
    assertEquals(100_000, settings.anchor().everyRecords());
  }

  @Test
  void load_emptyFileAndBlankTwinguardConfig_areTheDefaults() throws IOException {
    Path empty = yaml("empty.yaml", "# nothing set\n");

    TwinguardSettings fromEmptyFile = SettingsLoader.defaults().home(dir).file(Optional.of(empty)).load().settings();
    TwinguardSettings fromBlankVariable = SettingsLoader.defaults().home(dir)
        .environment(Map.of("TWINGUARD_CONFIG", " ")).load().settings();

    TwinguardSettings defaults = SettingsLoader.defaults().home(dir).load().settings();
    assertEquals(defaults, fromEmptyFile);
    assertEquals(defaults, fromBlankVariable);
  }

  @Test
  void load_sectionWithEveryKeyCommentedOut_setsNothing() throws IOException {
    Path file = yaml("config.yaml", "listen:\n  # port: 9443\nlog:\n  max_batch: 8\n");

    TwinguardSettings settings = SettingsLoader.defaults().file(Optional.of(file)).load().settings();

    assertEquals(8443, settings.listen().port());
    assertEquals(8, settings.log().maxBatch());
  }

  @Test
  void load_dataDirUnset_derivesItAndItsDependentsFromHome() {
    LoadedSettings loaded = SettingsLoader.defaults().home(dir).load();
    TwinguardSettings settings = loaded.settings();

    assertEquals(dir.resolve(".twinguard"), settings.dataDir());
    assertEquals(dir.resolve(".twinguard/ca"), settings.caDir());
    assertEquals(dir.resolve(".twinguard/audit-log-key.pem"), settings.log().keyFile());
    assertEquals(new SettingSource.Default("$HOME/.twinguard"), loaded.sourceOf("data_dir"));
    assertEquals(new SettingSource.Default("data_dir/ca"), loaded.sourceOf("ca_dir"));
  }

  @Test
  void load_dataDirFromAnOption_movesTheDerivedPathsButNotTheSetOnes() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_CA_DIR", "/etc/twinguard/ca"))
        .option("data_dir", "--data-dir", "/var/lib/twinguard")
        .load().settings();

    assertEquals(Path.of("/var/lib/twinguard"), settings.dataDir());
    assertEquals(Path.of("/etc/twinguard/ca"), settings.caDir());
    assertEquals(Path.of("/var/lib/twinguard/audit-log-key.pem"), settings.log().keyFile());
    assertEquals(Path.of("/var/lib/twinguard/consent-receipt-key.pem"), settings.consent().receiptKeyFile());
    assertEquals(Path.of("/var/lib/twinguard/consent-subject-key"), settings.consent().subjectKeyFile());
  }

  @Test
  void load_portalOffAndKeycloakFromVariables_areTyped() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_CONSENT_PORTAL", "false",
            "TWINGUARD_IDENTITY_KEYCLOAK_URL", "http://127.0.0.1:18080/realms/twinguard"))
        .load().settings();

    assertFalse(settings.consent().portal());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:18080/realms/twinguard")), settings.identity().keycloakUrl());
  }

  @Test
  void load_emptyVariable_unsetsWhatTheFileSet() throws IOException {
    Path file = yaml("config.yaml", "db:\n  url: postgresql://file@h/db\nfabric:\n  dir: /from/file\n");

    TwinguardSettings settings = SettingsLoader.defaults()
        .file(Optional.of(file))
        .environment(Map.of("TWINGUARD_DB_URL", "", "TWINGUARD_FABRIC_DIR", "  "))
        .load().settings();

    assertEquals(Optional.empty(), settings.db().url());
    assertEquals(Optional.empty(), settings.fabric().dir());
  }

  @Test
  void load_adminsAsYamlListOrCommaSeparatedVariable_isAList() throws IOException {
    Path file = yaml("config.yaml", "admins:\n  - spiffe://city.example/ops\n  - spiffe://city.example/audit\n");

    TwinguardSettings fromFile = SettingsLoader.defaults().file(Optional.of(file)).load().settings();
    TwinguardSettings fromVariable = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_ADMINS", "spiffe://city.example/ops, spiffe://city.example/audit,"))
        .load().settings();

    List<String> both = List.of("spiffe://city.example/ops", "spiffe://city.example/audit");
    assertEquals(both, fromFile.admins());
    assertEquals(both, fromVariable.admins());
    assertEquals(List.of(), TwinguardSettings.defaults().admins());
  }

  @Test
  void load_signedBundleFromAServer_isAServerLocationWithItsKey() throws IOException {
    Path file = yaml("config.yaml", """
        policy:
          bundle: https://bundles.city.example/twinguard.tar.gz
          bundle_key: /etc/twinguard/bundle-key.pem
          bundle_poll_s: 5
        """);

    PolicySettings policy = SettingsLoader.defaults().file(Optional.of(file)).load().settings().policy();

    assertEquals(Optional.of(new BundleLocation.Server(URI.create("https://bundles.city.example/twinguard.tar.gz"))),
        policy.bundleLocation());
    assertEquals(Optional.of(Path.of("/etc/twinguard/bundle-key.pem")), policy.bundleKey());
    assertEquals(5, policy.bundlePoll().toSeconds());
  }

  @Test
  void load_bundleDirectory_isAnOnDiskLocation() {
    PolicySettings policy = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_BUNDLE", "/srv/bundle", "TWINGUARD_POLICY_BUNDLE_KEY", "/srv/key.pem"))
        .load().settings().policy();

    assertEquals(Optional.of(new BundleLocation.OnDisk(Path.of("/srv/bundle"))), policy.bundleLocation());
  }

  @Test
  void load_pathWithAColon_isAPathNotAUri() {
    TwinguardSettings settings = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_REGISTRY", "/srv/a:b/registry.yaml"))
        .load().settings();

    assertEquals(Optional.of(Path.of("/srv/a:b/registry.yaml")), settings.registry());
  }

  @Test
  void load_engineInAnyCase_isTheEngine() {
    PolicySettings policy = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_ENGINE", "OPA")).load().settings().policy();

    assertEquals(PolicySettings.Engine.OPA, policy.engine());
  }

  @Test
  void load_clusterFromVariables_isAnEnabledClusterWithItsMembers() {
    ClusterSettings cluster = SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_CLUSTER_ENABLED", "true", "TWINGUARD_CLUSTER_PORT", "19701",
            "TWINGUARD_CLUSTER_MEMBERS", "127.0.0.1:19701, 127.0.0.1:19702,[::1]:19703"))
        .load().settings().cluster();

    assertEquals(new ClusterSettings(true, "twinguard", "127.0.0.1", 19701,
        List.of("127.0.0.1:19701", "127.0.0.1:19702", "[::1]:19703"), 2000), cluster);
  }

  @Test
  void load_launcherVariables_areNotSettingsAndNotRefused() {
    Map<String, String> env = new java.util.HashMap<>();
    LauncherVariables.ALL.keySet().forEach(variable -> env.put(variable, ""));
    env.put("PATH", "/usr/bin");
    env.put("twinguard_lower_case", "not ours");

    LoadedSettings loaded = SettingsLoader.defaults().environment(env).load();

    assertTrue(loaded.values().stream().allMatch(v -> v.source() instanceof SettingSource.Default), loaded.describe().toString());
  }
}
