package io.twinguard.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal names the setting (or variable, or file) and where the refused value came from. */
class SettingsRefusalTest {

  @TempDir Path dir;

  private SettingsException refusedFile(String yaml) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return assertThrows(SettingsException.class, () -> SettingsLoader.defaults().file(Optional.of(file)).load());
  }

  private static SettingsException refusedVariable(String variable, String value) {
    return assertThrows(SettingsException.class,
        () -> SettingsLoader.defaults().environment(Map.of(variable, value)).load());
  }

  @Test
  void load_unknownKeyInFile_isRefusedWithItsPathAndFile() throws IOException {
    SettingsException e = refusedFile("log:\n  max_batchh: 5\n");

    assertEquals("unknown setting 'log.max_batchh' in " + dir.resolve("config.yaml"), e.getMessage());
    assertEquals(Optional.of("log.max_batchh"), e.path());
    assertEquals(new SettingSource.File(dir.resolve("config.yaml")), e.source());
  }

  @Test
  void load_unknownTopLevelKeyOrOldDottedName_isRefused() throws IOException {
    assertTrue(refusedFile("colour: blue\n").getMessage().startsWith("unknown setting 'colour' in "));
    assertTrue(refusedFile("log:\n  max:\n    batch: 5\n").getMessage().startsWith("unknown setting 'log.max' in "));
  }

  @Test
  void load_sectionGivenAValue_isRefused() throws IOException {
    SettingsException e = refusedFile("listen: 8443\n");

    assertTrue(e.getMessage().startsWith("listen must be a mapping of settings, not '8443' (in "), e.getMessage());
  }

  @Test
  void load_variableThatNamesNoSetting_isRefusedNamingIt() {
    SettingsException e = refusedVariable("TWINGUARD_LOG_MAX_BATCHH", "5");

    assertTrue(e.getMessage().startsWith("TWINGUARD_LOG_MAX_BATCHH names no setting"), e.getMessage());
    assertEquals(new SettingSource.Environment("TWINGUARD_LOG_MAX_BATCHH"), e.source());
    assertEquals(Optional.empty(), e.path());
  }

  @Test
  void load_variableOfASection_isRefused() {
    assertTrue(refusedVariable("TWINGUARD_LOG", "x").getMessage().startsWith("TWINGUARD_LOG names no setting"));
  }

  @Test
  void load_wordForAWholeNumber_isRefusedWithPathValueAndVariable() {
    SettingsException e = refusedVariable("TWINGUARD_LOG_MAX_BATCH", "abc");

    assertEquals("log.max_batch must be a whole number, not 'abc' (from TWINGUARD_LOG_MAX_BATCH)", e.getMessage());
    assertEquals(Optional.of("log.max_batch"), e.path());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "log:\\n  max_batch: 2.5\\n|log.max_batch must be a whole number, not '2.5'",
      "log:\\n  max_batch: true\\n|log.max_batch must be a whole number, not 'true'",
      "log:\\n  max_batch:\\n|log.max_batch must be a whole number, not ''",
      "log:\\n  max_batch: [1]\\n|log.max_batch must be a whole number, not '[1]'",
      "log:\\n  max_batch: 99999999999\\n|log.max_batch must be a whole number in range, not '99999999999'",
      "log:\\n  origin: 123\\n|log.origin must be text, not '123'",
      "trust_domain: yes\\n|trust_domain must be text, not 'true'",
      "registry: 5\\n|registry must be a path, not '5'",
      "admins: [5]\\n|admins must be a list of text, not '[5]'",
      "admins: {ops: x}\\n|admins must be a list of text, not '{ops=x}'",
      "admins: [~]\\n|admins must list SPIFFE IDs (spiffe://trust-domain/path), not 'null'",
      "policy:\\n  engine: rego\\n|policy.engine must be one of wasm, opa, not 'rego'",
      "log:\\n  writers: many\\n|log.writers must be one of single, shared, not 'many'",
      "policy:\\n  opa_url: 'http://bad host'\\n|policy.opa_url must be a URL, not 'http://bad host'",
  })
  void load_mistypedValueInFile_isRefusedNamingPathValueAndFile(String yaml, String message) throws IOException {
    SettingsException e = refusedFile(yaml.replace("\\n", "\n"));

    assertEquals(message + " (from " + dir.resolve("config.yaml") + ")", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "TWINGUARD_LISTEN_PORT|70000|listen.port must be a port number from 0 to 65535, not '70000'",
      "TWINGUARD_LISTEN_PORT|-1|listen.port must be a port number from 0 to 65535, not '-1'",
      "TWINGUARD_LOG_MAX_BATCH|0|log.max_batch must be at least 1, not '0'",
      "TWINGUARD_LOG_MAX_AGE_MS|-1|log.max_age_ms must be at least 0, not '-1'",
      "TWINGUARD_LOG_MAX_IN_FLIGHT|0|log.max_in_flight must be at least 1, not '0'",
      "TWINGUARD_LOG_TAKEOVER_MS|0|log.takeover_ms must be at least 1, not '0'",
      "TWINGUARD_LOG_INTEGRATION_TIMEOUT_MS|0|log.integration_timeout_ms must be at least 1, not '0'",
      "TWINGUARD_LOG_MAX_BACKLOG|0|log.max_backlog must be at least 1, not '0'",
      "TWINGUARD_POLICY_TIMEOUT_MS|0|policy.timeout_ms must be at least 1, not '0'",
      "TWINGUARD_POLICY_BUNDLE_POLL_S|0|policy.bundle_poll_s must be at least 1, not '0'",
      "TWINGUARD_FABRIC_DEADLINE_MS|0|fabric.deadline_ms must be at least 1, not '0'",
      "TWINGUARD_ANCHOR_EVERY_RECORDS|0|anchor.every_records must be at least 1, not '0'",
      "TWINGUARD_ANCHOR_EVERY_MS|0|anchor.every_ms must be at least 1, not '0'",
      "TWINGUARD_SIGNATURES_WINDOW_S|0|signatures.window_s must be at least 1, not '0'",
      "TWINGUARD_SIGNATURES_NONCE_CAPACITY|0|signatures.nonce_capacity must be at least 1, not '0'",
      "TWINGUARD_LEASES_TTL_S|0|leases.ttl_s must be at least 1, not '0'",
      "TWINGUARD_CLUSTER_PORT|0|cluster.port must be at least 1, not '0'",
      "TWINGUARD_CLUSTER_MEMBERS|127.0.0.1|cluster.members must list addresses as host:port, not '127.0.0.1'",
      "TWINGUARD_CLUSTER_MEMBERS|127.0.0.1:70000|cluster.members must list addresses as host:port, not '127.0.0.1:70000'",
      "TWINGUARD_CLUSTER_NAME|a b|cluster.name must be letters, digits, '.', '-' or '_', not 'a b'",
      "TWINGUARD_CLUSTER_TIMEOUT_MS|0|cluster.timeout_ms must be at least 1, not '0'",
      "TWINGUARD_FORWARD_TIMEOUT_MS|0|forward.timeout_ms must be at least 1, not '0'",
      "TWINGUARD_FORWARD_BREAKER_MAX_FAILURES|0|forward.breaker_max_failures must be at least 1, not '0'",
      "TWINGUARD_FORWARD_BREAKER_RESET_MS|0|forward.breaker_reset_ms must be at least 1, not '0'",
      "TWINGUARD_CRL_RELOAD_S|0|crl_reload_s must be at least 1, not '0'",
      "TWINGUARD_BODY_LIMIT_BYTES|0|body_limit_bytes must be at least 1, not '0'",
      "TWINGUARD_LISTEN_HOST|' '|listen.host must not be empty",
      "TWINGUARD_LOG_ORIGIN|''|log.origin must not be empty",
      "TWINGUARD_TRUST_DOMAIN|City.Example|trust_domain must be a SPIFFE trust domain (lower-case letters, digits, '.', '-', '_'), not 'City.Example'",
      "TWINGUARD_ADMINS|https://city.example/admin|admins must list SPIFFE IDs (spiffe://trust-domain/path), not 'https://city.example/admin'",
      "TWINGUARD_POLICY_OPA_URL|file:///etc/passwd|policy.opa_url must be an absolute http or https URL, not 'file:///etc/passwd'",
      "TWINGUARD_IDENTITY_KEYCLOAK_URL|http://127.0.0.1:18080/realms/twinguard/|identity.keycloak_url must be an absolute http or https URL without a trailing slash, not 'http://127.0.0.1:18080/realms/twinguard/'",
      "TWINGUARD_CONSENT_ACK_TTL_MS|3|consent.ack_ttl_ms must be at least 4, not '3'",
      "TWINGUARD_CONSENT_PORTAL_PATH|consent|consent.portal_path must be a path such as /consent (segments of letters, digits, '.', '_', '~', '-'; no trailing slash), not 'consent'",
      "TWINGUARD_CONSENT_PUBLIC_URL|http://city.example/consent|consent.public_url must be an absolute https URL without a trailing slash, not 'http://city.example/consent'",
  })
  void load_outOfRangeVariable_isRefusedNamingPathValueAndVariable(String variable, String value, String message) {
    SettingsException e = refusedVariable(variable, value);

    assertEquals(message + " (from " + variable + ")", e.getMessage());
  }

  @Test
  void load_clusterEnabledWithoutMembers_isRefusedNamingMembers() {
    SettingsException e = refusedVariable("TWINGUARD_CLUSTER_ENABLED", "true");

    assertTrue(e.getMessage().startsWith("cluster.members must list at least one member when cluster.enabled is true"),
        e.getMessage());
  }

  @Test
  void load_databaseUrlThatIsNoPostgresUri_isRefusedWithThePasswordMasked() {
    SettingsException e = refusedVariable("TWINGUARD_DB_URL", "mysql://audit:s3cret@db/audit");

    assertEquals("db.url must be a PostgreSQL URI (postgresql://user:password@host:port/database), not"
        + " 'mysql://audit:***@db/audit' (from TWINGUARD_DB_URL)", e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
  }

  @Test
  void load_certificateWithoutKey_isRefused() {
    SettingsException e = refusedVariable("TWINGUARD_SERVER_CERT", "/etc/broker.pem");

    assertEquals("server.cert needs server.key: the two are given together (from TWINGUARD_SERVER_CERT)", e.getMessage());
  }

  @Test
  void load_bundleWithoutKey_isRefusedFailingClosed() throws IOException {
    SettingsException e = refusedFile("policy:\n  bundle: https://bundles.example/b.tar.gz\n");

    assertEquals("policy.bundle needs policy.bundle_key, the public key that verifies its signatures: only the"
        + " policies bundled in the jar go unchecked (from " + dir.resolve("config.yaml") + ")", e.getMessage());
  }

  @Test
  void load_bundleForAnOpaServer_isRefused() {
    SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_ENGINE", "opa", "TWINGUARD_POLICY_BUNDLE", "/srv/bundle",
            "TWINGUARD_POLICY_BUNDLE_KEY", "/srv/key.pem"))
        .load());

    assertEquals("policy.bundle needs policy.engine wasm: an OPA server loads its own bundles (from TWINGUARD_POLICY_BUNDLE)",
        e.getMessage());
  }

  @Test
  void load_bundleUrlOfAnotherScheme_isRefused() {
    SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.defaults()
        .environment(Map.of("TWINGUARD_POLICY_BUNDLE", "ftp://bundles.example/b.tar.gz",
            "TWINGUARD_POLICY_BUNDLE_KEY", "/srv/key.pem"))
        .load());

    assertTrue(e.getMessage().startsWith("policy.bundle must be a directory, a .tar.gz file or a bundle server URL"),
        e.getMessage());
  }

  @Test
  void load_missingFileNamedByTwinguardConfig_isRefusedNamingTheVariable() {
    Path missing = dir.resolve("nope.yaml");

    SettingsException e = refusedVariable("TWINGUARD_CONFIG", missing.toString());

    assertEquals("no config file " + missing + " (from TWINGUARD_CONFIG)", e.getMessage());
  }

  @Test
  void load_missingGivenFile_isRefused() {
    Path missing = dir.resolve("nope.yaml");

    SettingsException e = assertThrows(SettingsException.class,
        () -> SettingsLoader.defaults().file(Optional.of(missing)).load());

    assertEquals("no config file " + missing, e.getMessage());
  }

  @Test
  void load_fileThatIsNotYamlOrNotAMapping_isRefusedNamingIt() throws IOException {
    assertTrue(refusedFile("listen: [\n").getMessage().startsWith(dir.resolve("config.yaml") + " is not valid YAML"));
    assertEquals(dir.resolve("config.yaml") + " must hold a mapping at its root", refusedFile("- a\n- b\n").getMessage());
  }

  @Test
  void load_textThatIsNoPath_isRefused() throws IOException {
    SettingsException fromFile = refusedFile("registry: \"a\\0b\"\n");
    SettingsException fromOption = assertThrows(SettingsException.class,
        () -> SettingsLoader.defaults().option("data_dir", "--data-dir", "a\0b").load());
    SettingsException fromConfigVariable = refusedVariable("TWINGUARD_CONFIG", "a\0b");

    assertTrue(fromFile.getMessage().startsWith("registry must be a path, not 'a"), fromFile.getMessage());
    assertEquals("data_dir must be a path, not 'a\0b' (from --data-dir)", fromOption.getMessage());
    assertEquals("no config file 'a\0b' (from TWINGUARD_CONFIG)", fromConfigVariable.getMessage());
  }

  @Test
  void load_fileThatIsNotUtf8_isRefusedNamingIt() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'l', 'o', 'g', ':', ' ', (byte) 0xE9, '\n'});

    SettingsException e = assertThrows(SettingsException.class,
        () -> SettingsLoader.defaults().file(Optional.of(file)).load());

    assertTrue(e.getMessage().startsWith("cannot read config file " + file), e.getMessage());
  }

  @Test
  void load_duplicateKeyInFile_isRefused() throws IOException {
    SettingsException e = refusedFile("listen:\n  port: 1\n  port: 2\n");

    assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
  }

  @Test
  void option_unknownPath_isAProgrammingError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SettingsLoader.defaults().option("log.max.batch", "--max-batch", "5"));

    assertEquals("no setting 'log.max.batch'", e.getMessage());
  }

  @Test
  void constructor_outOfRangeValue_namesTheComponent() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LogSettings("twinguard.local/audit", Path.of("k.pem"), 0, 1, 2, LogSettings.WriteAhead.COMMANDS,
        LogSettings.Writers.SINGLE, 1000, 10000, 50000));

    assertEquals("max_batch must be at least 1, not '0'", e.getMessage());
  }
}
