package io.twinguard.broker.serve;

import io.twinguard.broker.server.Readiness;
import io.twinguard.common.settings.BundleLocation;
import io.twinguard.common.settings.PolicySettings;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.RemotePolicyEngines;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleReloader;
import io.twinguard.policies.bundle.BundleSource;
import io.twinguard.policies.bundle.BundleVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * The policy engine {@code twinguard serve} decides with: the policies bundled in the jar, a
 * signed bundle from a directory, a file or a bundle server kept current by polling (a new
 * revision is verified and swapped in without dropping a decision in flight; a bundle that fails
 * to verify or load is refused and the active one stays), or an OPA server.
 */
final class PolicyRuntime implements AutoCloseable {

  /** How long one download from a bundle server may take: a bundle is megabytes, not a decision. */
  private static final Duration BUNDLE_FETCH_TIMEOUT = Duration.ofSeconds(30);

  private final PolicyEngine engine;
  private final Optional<BundleReloader> reloader;
  private final String source;

  private PolicyRuntime(PolicyEngine engine, Optional<BundleReloader> reloader, String source) {
    this.engine = engine;
    this.reloader = reloader;
    this.source = source;
  }

  /**
   * Starts the engine the settings name. With {@code policy.bundle}, the bundle must verify and
   * load at start, or the future fails naming why.
   */
  static Future<PolicyRuntime> start(Vertx vertx, PolicySettings settings) {
    if (settings.engine() == PolicySettings.Engine.OPA) {
      return Future.succeededFuture(new PolicyRuntime(
          RemotePolicyEngines.opaServer(vertx, settings.opaUrl(), settings.timeout()), Optional.empty(),
          "OPA server " + settings.opaUrl()));
    }
    Future<InProcessPolicyEngine> bundled = InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
        settings.timeout());
    Optional<BundleLocation> location = settings.bundleLocation();
    if (location.isEmpty()) {
      return bundled.map(engine -> new PolicyRuntime(engine, Optional.empty(), "the policies bundled in the jar"));
    }
    return bundled.compose(engine -> {
      BundleReloader reloader;
      try {
        reloader = new BundleReloader(vertx, source(vertx, location.get()), Optional.of(verifier(settings)),
            engine);
      } catch (RuntimeException e) {
        engine.close();
        return Future.failedFuture(e);
      }
      return reloader.poll()
          .map(revision -> {
            reloader.start(settings.bundlePoll());
            return new PolicyRuntime(engine, Optional.of(reloader), settings.bundle().orElseThrow());
          })
          .recover(failure -> {
            reloader.close();
            engine.close();
            return Future.failedFuture(new IllegalStateException(
                "policy.bundle " + settings.bundle().orElseThrow() + " was refused: " + failure.getMessage(), failure));
          });
    });
  }

  private static BundleSource source(Vertx vertx, BundleLocation location) {
    if (location instanceof BundleLocation.Server server) {
      return BundleSource.http(vertx, server.url(), BUNDLE_FETCH_TIMEOUT);
    }
    return BundleSource.file(vertx, ((BundleLocation.OnDisk) location).path());
  }

  private static BundleVerifier verifier(PolicySettings settings) {
    try {
      return BundleVerifier.of(Files.readString(settings.bundleKey().orElseThrow()), settings.bundleKeyAlgorithm(),
          settings.bundleScope().orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException("policy.bundle_key " + settings.bundleKey().orElseThrow() + " is unreadable", e);
    }
  }

  PolicyEngine engine() {
    return engine;
  }

  /**
   * The in-process engine when it decides with the policies of the jar or of the stored revisions
   * (no {@code policy.bundle}, no OPA server): the one the policy lifecycle keeps on the active
   * revision.
   */
  Optional<InProcessPolicyEngine> governed() {
    return reloader.isEmpty() && engine instanceof InProcessPolicyEngine inProcess
        ? Optional.of(inProcess)
        : Optional.empty();
  }

  /** Where the policies come from, for the start-up line. */
  String source() {
    return source;
  }

  /** The bundle's state for {@code /ready}: where it comes from and why the last new one was refused. */
  Readiness readiness() {
    return () -> {
      JsonObject detail = new JsonObject().put("source", source).put("revision", engine.revision());
      reloader.flatMap(BundleReloader::lastFailure)
          .ifPresent(failure -> detail.put("last_refused", String.valueOf(failure.getMessage())));
      return new Readiness.Check("bundle", !"none".equals(engine.revision()), detail);
    };
  }

  @Override
  public void close() {
    reloader.ifPresent(BundleReloader::close);
    engine.close();
  }
}
