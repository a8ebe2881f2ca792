package io.twinguard.broker.lifecycle;

import io.twinguard.broker.lifecycle.store.RevisionStore;
import io.twinguard.broker.lifecycle.store.StoredRevision;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleVerifier;
import io.twinguard.policies.explain.RuleIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;
import java.util.Optional;

/**
 * The bundle revisions a broker or a tool can decide with: the policies built into the jar, and the
 * revisions stored in the policy schema, whose signatures are verified again whenever one is
 * loaded (the database is not trusted to keep a bundle unchanged). Reads never block an event loop.
 */
public final class Revisions {

  private final Vertx vertx;
  private final SqlClient client;
  private final RevisionStore store = new RevisionStore();
  private final Optional<BundleVerifier> verifier;

  /** @param verifier checks stored bundles; without one, only the jar's policies can be loaded */
  public Revisions(Vertx vertx, SqlClient client, Optional<BundleVerifier> verifier) {
    this.vertx = vertx;
    this.client = client;
    this.verifier = verifier;
  }

  /** The policies built into the jar. */
  public static Bundle bundled() {
    return Bundled.BUNDLE;
  }

  /** A stored revision, with its bundle, or empty. */
  public Future<Optional<StoredRevision>> stored(String revision) {
    return store.find(client, revision);
  }

  /**
   * The bundle of {@code revision}: a stored one (verified again), else the jar's when it is the
   * jar's revision. Fails naming why when it is neither, or does not verify.
   */
  public Future<Bundle> bundle(String revision) {
    return stored(revision).compose(found -> {
      if (found.isPresent()) {
        return verified(found.get());
      }
      if (bundled().revision().equals(revision)) {
        return Future.succeededFuture(bundled());
      }
      return Future.failedFuture(new IllegalStateException("revision " + revision + " is not stored"));
    });
  }

  /** The rule index of {@code revision}: stored with it, the jar's, or empty when unknown. */
  public Future<RuleIndex> rules(String revision) {
    return stored(revision).map(found -> found.map(r -> RuleIndex.fromJson(r.rules()))
        .orElseGet(() -> bundled().revision().equals(revision) ? RuleIndex.bundled() : RuleIndex.empty()));
  }

  private Future<Bundle> verified(StoredRevision revision) {
    if (verifier.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("stored revision " + revision.revision()
          + " cannot be verified: policy.bundle_key is not set"));
    }
    return vertx.executeBlocking(() -> {
      Map<String, byte[]> files = BundleFiles.fromTarGz(revision.bundle());
      verifier.get().verify(files);
      return Bundle.fromFiles(files);
    }, false);
  }

  /** The jar's bundle, read once. */
  private static final class Bundled {
    static final Bundle BUNDLE = Bundle.fromFiles(BundleFiles.bundled());
  }
}
