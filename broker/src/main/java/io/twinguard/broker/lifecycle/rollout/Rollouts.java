package io.twinguard.broker.lifecycle.rollout;

import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.lifecycle.Revisions;
import io.twinguard.common.settings.PolicySettings;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.authoring.OpaBinary;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Builds the rollout's parts from the settings: the signature key, the rollout, the shadow engine. */
public final class Rollouts {

  private Rollouts() {}

  /**
   * The verifier of {@code policy.bundle_key}, or empty when it is not set.
   *
   * @throws IllegalArgumentException naming the setting when the key is unreadable or unfit
   */
  public static Optional<BundleVerifier> verifier(PolicySettings settings) {
    if (settings.bundleKey().isEmpty()) {
      return Optional.empty();
    }
    Path key = settings.bundleKey().get();
    try {
      return Optional.of(BundleVerifier.of(Files.readString(key), settings.bundleKeyAlgorithm(),
          settings.bundleScope().orElse("")));
    } catch (IOException e) {
      throw new IllegalArgumentException("policy.bundle_key " + key + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** The rollout of a broker; uploads need the verifier, activations the converger. */
  public static Rollout rollout(Vertx vertx, Pool pool, AuditTrail audit, Optional<BundleVerifier> verifier,
      Optional<Converger> converger, PolicySettings settings, Clock clock) {
    Optional<UploadCheck> check = verifier.map(v -> new UploadCheck(v, OpaBinary.locate(Optional.empty()),
        settings.testTimeout(), settings.uploadMaxBytes()));
    return new Rollout(vertx, pool, audit, check, converger, settings.timeout(), clock);
  }

  /**
   * The shadow engine {@code policy.shadow} names (a stored revision, or a bundle file or directory
   * verified with the key), detached; empty when none is set. Fails naming the setting when it does
   * not load.
   */
  public static Future<Optional<InProcessPolicyEngine>> shadow(Vertx vertx, Revisions revisions,
      Optional<BundleVerifier> verifier, PolicySettings settings) {
    Future<Bundle> bundle;
    if (settings.shadowRevision().isPresent()) {
      bundle = revisions.bundle(settings.shadowRevision().get());
    } else if (settings.shadowBundle().isPresent()) {
      Path path = settings.shadowBundle().get();
      bundle = vertx.executeBlocking(() -> {
        Map<String, byte[]> files = read(path);
        verifier.orElseThrow().verify(files);
        return Bundle.fromFiles(files);
      }, false);
    } else {
      return Future.succeededFuture(Optional.empty());
    }
    return bundle.compose(b -> InProcessPolicyEngine.startDetached(vertx, b, settings.timeout()))
        .map(Optional::of)
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "policy.shadow " + settings.shadow().orElseThrow() + " was refused: " + failure.getMessage(), failure)));
  }

  private static Map<String, byte[]> read(Path path) {
    try {
      return Files.isDirectory(path) ? BundleFiles.fromDirectory(path) : BundleFiles.fromTarGz(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
