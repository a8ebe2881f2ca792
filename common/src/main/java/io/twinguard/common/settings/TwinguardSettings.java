package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every twinguard setting, typed, for every command: serve, demo, the audit commands and
 * anchoring. Bound once by {@link SettingsLoader} from the defaults in {@code
 * twinguard-defaults.yaml}, a YAML file, {@code TWINGUARD_*} variables and command-line options;
 * the record components mirror that file's keys ({@code trustDomain} is {@code trust_domain}).
 * Settings whose empty value means "derived from another" hold the derived value: {@link #dataDir}
 * ({@code $HOME/.twinguard}), {@link #caDir} ({@code data_dir/ca}), {@code log.keyFile} ({@code
 * data_dir/audit-log-key.pem}), {@code adapters.artefactStore} ({@code data_dir/artefacts}) and the
 * consent key files ({@code data_dir/consent-receipt-key.pem}, {@code data_dir/consent-subject-key}).
 *
 * @param listen where the broker listens
 * @param trustDomain the ecosystem's SPIFFE trust domain
 * @param dataDir where twinguard keeps its state
 * @param caDir the ecosystem CA directory
 * @param crlReloadS how often, in seconds, the CA's CRL is read again, 1 or more
 * @param server the broker's own certificate and key, or neither
 * @param registry the twin registry file (required by serve)
 * @param policy the policy engine and bundle
 * @param db the audit log's database
 * @param log the audit log
 * @param signatures RFC 9421 signature checks
 * @param leases actuator leases
 * @param forward forwarding to twins
 * @param bodyLimitBytes the largest body the broker accepts, 1 or more
 * @param admins SPIFFE IDs allowed to use the admin API; empty: {@code spiffe://<trust domain>/admin}
 * @param fabric the Fabric network for anchoring
 * @param anchor when to anchor
 * @param adapters what the twins' adapters need from the host
 * @param identity the identity provider whose access tokens the broker accepts, if any
 * @param consent the consent service and the citizen portal
 * @param cluster whether and how brokers form a cluster
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record TwinguardSettings(
    ListenSettings listen,
    String trustDomain,
    Path dataDir,
    Path caDir,
    int crlReloadS,
    ServerSettings server,
    Optional<Path> registry,
    PolicySettings policy,
    DbSettings db,
    LogSettings log,
    SignatureSettings signatures,
    LeaseSettings leases,
    ForwardSettings forward,
    int bodyLimitBytes,
    List<String> admins,
    FabricSettings fabric,
    AnchorSettings anchor,
    AdapterSettings adapters,
    IdentitySettings identity,
    ConsentSettings consent,
    ClusterSettings cluster) {

  // a SPIFFE trust domain name: lower-case letters, digits, dots, dashes and underscores
  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]+");

  public TwinguardSettings {
    Check.present("listen", listen);
    Check.text("trust_domain", trustDomain);
    if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
      throw InvalidValue.of("trust_domain",
          "must be a SPIFFE trust domain (lower-case letters, digits, '.', '-', '_')", trustDomain);
    }
    Check.present("data_dir", dataDir);
    Check.present("ca_dir", caDir);
    Check.atLeast("crl_reload_s", crlReloadS, 1);
    Check.present("server", server);
    Check.present("registry", registry);
    Check.present("policy", policy);
    Check.present("db", db);
    Check.present("log", log);
    Check.present("signatures", signatures);
    Check.present("leases", leases);
    Check.present("forward", forward);
    Check.atLeast("body_limit_bytes", bodyLimitBytes, 1);
    for (String admin : Check.present("admins", admins)) {
      if (admin == null || !admin.startsWith("spiffe://") || admin.length() == "spiffe://".length()) {
        throw InvalidValue.of("admins", "must list SPIFFE IDs (spiffe://trust-domain/path)", admin);
      }
    }
    admins = List.copyOf(admins);
    Check.present("fabric", fabric);
    Check.present("anchor", anchor);
    Check.present("adapters", adapters);
    Check.present("identity", identity);
    Check.present("consent", consent);
    Check.present("cluster", cluster);
  }

  /**
   * The defaults alone, as {@code twinguard-defaults.yaml} gives them, with {@code data_dir} in
   * the user's home directory.
   */
  public static TwinguardSettings defaults() {
    return SettingsLoader.defaults().load().settings();
  }

  /** {@link #crlReloadS} as a duration. */
  public Duration crlReload() {
    return Duration.ofSeconds(crlReloadS);
  }
}
