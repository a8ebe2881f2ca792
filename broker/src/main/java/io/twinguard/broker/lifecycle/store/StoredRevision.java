package io.twinguard.broker.lifecycle.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A bundle revision as stored.
 *
 * @param revision the bundle manifest's revision
 * @param digest the RFC 9530 digest of the bundle file
 * @param bundle the bundle file (gzipped tar), copied in and out
 * @param rules the RuleIndex of its Rego sources, as JSON
 * @param tests how many of its own Rego tests passed at upload
 * @param uploadedBy who uploaded it
 * @param uploadedAt when
 * @param auditIndex the leaf of its upload record
 */
public record StoredRevision(String revision, String digest, byte[] bundle, String rules, int tests,
    String uploadedBy, Instant uploadedAt, long auditIndex) {

  public StoredRevision {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(digest, "digest");
    bundle = bundle.clone();
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(uploadedBy, "uploadedBy");
    Objects.requireNonNull(uploadedAt, "uploadedAt");
  }

  @Override
  public byte[] bundle() {
    return bundle.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredRevision that && revision.equals(that.revision) && digest.equals(that.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revision, digest);
  }

  @Override
  public String toString() {
    return "StoredRevision[" + revision + ", " + digest + "]";
  }
}
