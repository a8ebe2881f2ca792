package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the broker decides ({@code policy.*}): which engine, where its policies come from, and how
 * policy authors roll bundles out. Fails closed on bundles: a bundle from outside the jar (a
 * {@code bundle} file or server, an uploaded bundle, a {@code shadow} bundle file) is accepted only
 * with a key that verifies its signatures, so {@code bundle} and a shadow bundle file need {@code
 * bundle_key}; without it, uploads are refused.
 *
 * @param engine the in-process Wasm engine, or an OPA server at {@code opaUrl}
 * @param opaUrl the OPA server, an absolute http or https URL
 * @param timeoutMs the longest one decision may take, in milliseconds, 1 or more
 * @param bundle a bundle directory, {@code .tar.gz} file or bundle server URL; empty: the
 *     policies bundled in the jar. Only with the wasm engine (an OPA server loads its own).
 * @param bundleKey the PEM public key file that verifies the bundle's signatures
 * @param bundleKeyAlgorithm the JWS algorithm of the bundle signatures, such as RS256 or ES256
 * @param bundleScope the scope a bundle signature must carry; empty for none
 * @param bundlePollS how often, in seconds, the bundle is checked for a new revision, 1 or more
 * @param uploadMaxBytes the largest bundle a policy author may upload, in bytes, 1 or more
 * @param testTimeoutS how long, in seconds, an uploaded bundle's own Rego tests may run, 1 or more
 * @param convergeS how often, in seconds, a broker reads which revision is active besides being
 *     told by PostgreSQL NOTIFY, 1 or more
 * @param shadow a candidate evaluated beside the active policies on live traffic, never acted on:
 *     a stored revision, or a bundle file or directory (a value with a {@code /} or ending in
 *     {@code .tar.gz}); empty: none. Only with the wasm engine.
 * @throws IllegalArgumentException naming the setting when a value is out of range or the
 *     bundle settings do not fit together
 */
public record PolicySettings(
    Engine engine,
    URI opaUrl,
    int timeoutMs,
    Optional<String> bundle,
    Optional<Path> bundleKey,
    String bundleKeyAlgorithm,
    Optional<String> bundleScope,
    int bundlePollS,
    int uploadMaxBytes,
    int testTimeoutS,
    int convergeS,
    Optional<String> shadow) {

  /** The policy engines. */
  public enum Engine {
    /** Policies compiled to Wasm, evaluated in-process. */
    WASM,
    /** An OPA server's REST Data API. */
    OPA
  }

  public PolicySettings {
    Check.present("engine", engine);
    Check.present("opa_url", opaUrl);
    if (!"http".equals(opaUrl.getScheme()) && !"https".equals(opaUrl.getScheme()) || opaUrl.getHost() == null) {
      throw InvalidValue.of("opa_url", "must be an absolute http or https URL", opaUrl);
    }
    Check.atLeast("timeout_ms", timeoutMs, 1);
    Check.present("bundle", bundle);
    Check.present("bundle_key", bundleKey);
    Check.text("bundle_key_algorithm", bundleKeyAlgorithm);
    Check.present("bundle_scope", bundleScope);
    Check.atLeast("bundle_poll_s", bundlePollS, 1);
    bundle.ifPresent(b -> {
      try {
        BundleLocation.parse(b);
      } catch (IllegalArgumentException e) {
        throw InvalidValue.of("bundle", "must be a directory, a .tar.gz file or a bundle server URL (" + e.getMessage() + ")", b);
      }
    });
    if (bundle.isPresent() && bundleKey.isEmpty()) {
      throw InvalidValue.conflict("bundle", "needs policy.bundle_key, the public key that verifies its signatures:"
          + " only the policies bundled in the jar go unchecked");
    }
    Check.atLeast("upload_max_bytes", uploadMaxBytes, 1);
    Check.atLeast("test_timeout_s", testTimeoutS, 1);
    Check.atLeast("converge_s", convergeS, 1);
    Check.present("shadow", shadow);
    if (shadow.isPresent() && engine == Engine.OPA) {
      throw InvalidValue.conflict("shadow", "needs policy.engine wasm: shadow decisions are made in-process");
    }
    if (shadow.filter(PolicySettings::isBundlePath).isPresent() && bundleKey.isEmpty()) {
      throw InvalidValue.conflict("shadow", "names a bundle file, which needs policy.bundle_key to verify its signatures");
    }
    if (bundle.isPresent() && engine == Engine.OPA) {
      throw InvalidValue.conflict("bundle", "needs policy.engine wasm: an OPA server loads its own bundles");
    }
  }

  /** Where the policies come from; empty: the policies bundled in the jar. */
  public Optional<BundleLocation> bundleLocation() {
    return bundle.map(BundleLocation::parse);
  }

  /** The shadow bundle file or directory, when {@code shadow} names one rather than a stored revision. */
  public Optional<Path> shadowBundle() {
    return shadow.filter(PolicySettings::isBundlePath).map(Path::of);
  }

  /** The stored revision to shadow, when {@code shadow} names one rather than a bundle file. */
  public Optional<String> shadowRevision() {
    return shadow.filter(value -> !isBundlePath(value));
  }

  private static boolean isBundlePath(String value) {
    return value.contains("/") || value.endsWith(".tar.gz");
  }

  /** {@link #testTimeoutS} as a duration. */
  public Duration testTimeout() {
    return Duration.ofSeconds(testTimeoutS);
  }

  /** {@link #convergeS} as a duration. */
  public Duration converge() {
    return Duration.ofSeconds(convergeS);
  }

  /** {@link #timeoutMs} as a duration. */
  public Duration timeout() {
    return Duration.ofMillis(timeoutMs);
  }

  /** {@link #bundlePollS} as a duration. */
  public Duration bundlePoll() {
    return Duration.ofSeconds(bundlePollS);
  }
}
