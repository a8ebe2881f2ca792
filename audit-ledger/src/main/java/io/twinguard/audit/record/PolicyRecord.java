package io.twinguard.audit.record;

import java.time.Instant;
import java.util.Arrays;

/**
 * The audit record of a change of the policies in force ({@code kind: policy} in the record
 * schema): a signed bundle uploaded as a revision, a revision activated on every broker sharing the
 * database, or a rollback to the revision active before. An activation or rollback is recorded
 * before it takes effect. {@link AuditRecord#of(PolicyRecord)} turns it into a leaf of the log.
 *
 * <p>Guaranteed: an instance exists only if its record passes the schema.
 *
 * @param time when the change was made, between the years 0000 and 9999
 * @param actor who made it: the policy author's SPIFFE ID or token subject
 * @param action what changed
 * @param revision the bundle revision uploaded or made active
 * @param bundleDigest the RFC 9530 digest of the bundle file (the gzipped tar as uploaded)
 * @param previousRevision the revision active before an activation or rollback; null for an
 *     upload and when none was active
 * @throws IllegalArgumentException naming the field (as the schema names it) when a component
 *     breaks the schema
 */
public record PolicyRecord(
    Instant time, String actor, Action action, String revision, String bundleDigest, String previousRevision) {

  public PolicyRecord {
    Checks.time(time);
    RecordLimits.ID.check(actor, "actor");
    if (action == null) {
      throw new IllegalArgumentException("action: required, one of " + RecordLimits.POLICY_ACTION.values());
    }
    RecordLimits.ID.check(revision, "revision");
    RecordLimits.DIGEST.check(bundleDigest, "bundle_digest");
    RecordLimits.ID.checkOptional(previousRevision, "previous_revision");
    if (action == Action.UPLOAD && previousRevision != null) {
      throw new IllegalArgumentException("previous_revision: must be absent for an upload");
    }
  }

  /** What changed; the schema's {@code action} values. */
  public enum Action {
    /** A bundle stored as a revision, after its signature verified and its own tests passed. */
    UPLOAD("upload"),
    /** A stored revision made active. */
    ACTIVATE("activate"),
    /** The revision active before the current one made active again. */
    ROLLBACK("rollback");

    static {
      RecordLimits.requireSame(
          RecordLimits.POLICY_ACTION, Arrays.stream(values()).map(Action::wireName).toList(), "policy actions");
    }

    private final String wireName;

    Action(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the record: {@code upload}, {@code activate} or {@code rollback}. */
    public String wireName() {
      return wireName;
    }
  }
}
