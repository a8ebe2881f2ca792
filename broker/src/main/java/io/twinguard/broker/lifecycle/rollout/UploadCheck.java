package io.twinguard.broker.lifecycle.rollout;

import io.twinguard.audit.record.RecordLimits;
import io.twinguard.broker.refusal.BundleRefused;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.policies.authoring.BundleTests;
import io.twinguard.policies.authoring.OpaBinary;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleVerificationException;
import io.twinguard.policies.bundle.BundleVerifier;
import io.twinguard.policies.explain.RuleIndex;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an uploaded bundle must pass before it is stored, in order: a gzipped tar no larger than
 * allowed once unpacked, signed with the configured key over exactly its files, a Wasm module and a
 * revision that can go into a record, and its own Rego tests passing within their time bound.
 * Blocking (opa runs): call it from a worker thread.
 */
final class UploadCheck {

  /** An unpacked bundle may be this many times larger than the upload limit (Wasm compresses well). */
  static final long UNPACKED_FACTOR = 8;

  /**
   * A bundle that passed.
   *
   * @param bundle its revision, Wasm module and data
   * @param digest the RFC 9530 digest of the uploaded bytes
   * @param tests how many of its tests passed
   * @param rules the rule index of its Rego sources
   */
  record Checked(Bundle bundle, String digest, int tests, RuleIndex rules) {}

  private final BundleVerifier verifier;
  private final OpaBinary opa;
  private final Duration testTimeout;
  private final long maxUnpacked;

  UploadCheck(BundleVerifier verifier, OpaBinary opa, Duration testTimeout, long maxBytes) {
    this.verifier = verifier;
    this.opa = opa;
    this.testTimeout = testTimeout;
    this.maxUnpacked = maxBytes * UNPACKED_FACTOR;
  }

  /** @throws Refused carrying {@link BundleRefused} naming what failed */
  Checked check(byte[] upload) throws Refused, InterruptedException {
    Map<String, byte[]> files;
    try {
      files = BundleFiles.fromTarGz(upload, maxUnpacked);
    } catch (IllegalArgumentException e) {
      throw refused("the upload is not a bundle (a gzipped tar no larger than " + maxUnpacked
          + " bytes unpacked): " + e.getMessage());
    }
    try {
      verifier.verify(files);
    } catch (BundleVerificationException e) {
      throw refused("the bundle's signature was refused: " + e.getMessage());
    }
    Bundle bundle;
    try {
      bundle = Bundle.fromFiles(files);
    } catch (IllegalArgumentException e) {
      throw refused("the bundle cannot be read: " + e.getMessage());
    }
    if (bundle.wasm().isEmpty()) {
      throw refused("the bundle has no Wasm module: build it with twinguard policy build");
    }
    if (!RecordLimits.ID.accepts(bundle.revision())) {
      throw refused("the bundle's revision must be 1 to 512 characters without control characters");
    }
    BundleTests.Outcome outcome = BundleTests.run(opa, files, testTimeout);
    if (outcome instanceof BundleTests.Failed failed) {
      throw new Refused(new BundleRefused(failed.failures().size() + " of the bundle's " + failed.tests()
          + " Rego tests failed: " + String.join(", ", failed.failures().stream()
              .map(BundleTests.FailedTest::name).toList()), failed.failures().stream().map(UploadCheck::json).toList()));
    }
    if (outcome instanceof BundleTests.NotRun notRun) {
      throw refused(notRun.why());
    }
    RuleIndex rules;
    try {
      rules = RuleIndex.of(opa, files);
    } catch (IOException e) {
      throw refused("the bundle's Rego cannot be indexed: " + e.getMessage());
    }
    return new Checked(bundle, ContentDigest.create(upload, DigestAlgorithm.SHA_256),
        ((BundleTests.Passed) outcome).tests(), rules);
  }

  private static JsonObject json(BundleTests.FailedTest test) {
    JsonObject json = new JsonObject().put("test", test.name()).put("file", test.file()).put("line", test.row());
    return test.error() == null ? json : json.put("error", test.error());
  }

  private static Refused refused(String detail) {
    return new Refused(new BundleRefused(detail, List.of()));
  }
}
