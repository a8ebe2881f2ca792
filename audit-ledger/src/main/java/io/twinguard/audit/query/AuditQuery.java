package io.twinguard.audit.query;

import java.time.Instant;
import java.util.Optional;

/**
 * A compliance query: every given filter must match (AND); pages are ordered by leaf index and
 * continue after {@code after}.
 *
 * @param subject pseudonymous data-subject id among the record's subjects
 * @param caller the calling twin's SPIFFE ID
 * @param target the target twin's SPIFFE ID
 * @param purpose the DPV purpose term
 * @param decisionId the decision id
 * @param outcome the decision's outcome, {@code allow} or {@code deny}
 * @param reasonCode a reason code among the record's reasons
 * @param bundleRevision the policy bundle revision
 * @param from records at or after this time
 * @param to records before this time
 * @param after return leaves with an index above this one (the previous page's last index)
 * @param limit page size, 1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(
    Optional<String> subject,
    Optional<String> caller,
    Optional<String> target,
    Optional<String> purpose,
    Optional<String> decisionId,
    Optional<String> outcome,
    Optional<String> reasonCode,
    Optional<String> bundleRevision,
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<Long> after,
    int limit) {

  public static final int MAX_LIMIT = 1000;
  public static final int DEFAULT_LIMIT = 100;

  /**
   * @throws IllegalArgumentException when the limit is out of range or a filter is null
   */
  public AuditQuery {
    if (subject == null || caller == null || target == null || purpose == null
        || decisionId == null || outcome == null || reasonCode == null || bundleRevision == null
        || from == null || to == null || after == null) {
      throw new IllegalArgumentException("use Optional.empty() for an absent filter");
    }
    if (outcome.isPresent() && !outcome.get().equals("allow") && !outcome.get().equals("deny")) {
      throw new IllegalArgumentException("the outcome is allow or deny, not " + outcome.get());
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
    }
  }

  /** Every record, first page. */
  public static AuditQuery all() {
    return new AuditQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), DEFAULT_LIMIT);
  }

  public AuditQuery withSubject(String value) {
    return new AuditQuery(Optional.of(value), caller, target, purpose, decisionId, outcome, reasonCode, bundleRevision, from, to, after, limit);
  }

  public AuditQuery withCaller(String value) {
    return new AuditQuery(subject, Optional.of(value), target, purpose, decisionId, outcome, reasonCode, bundleRevision, from, to, after, limit);
  }

  public AuditQuery withPurpose(String value) {
    return new AuditQuery(subject, caller, target, Optional.of(value), decisionId, outcome, reasonCode, bundleRevision, from, to, after, limit);
  }

  public AuditQuery withOutcome(String value) {
    return new AuditQuery(subject, caller, target, purpose, decisionId, Optional.of(value), reasonCode, bundleRevision, from, to, after, limit);
  }

  public AuditQuery withReasonCode(String value) {
    return new AuditQuery(subject, caller, target, purpose, decisionId, outcome, Optional.of(value), bundleRevision, from, to, after, limit);
  }

  public AuditQuery withTimeRange(Instant fromIncl, Instant toExcl) {
    return new AuditQuery(subject, caller, target, purpose, decisionId, outcome, reasonCode, bundleRevision, Optional.of(fromIncl), Optional.of(toExcl), after, limit);
  }

  public AuditQuery withPage(Optional<Long> afterIndex, int pageSize) {
    return new AuditQuery(subject, caller, target, purpose, decisionId, outcome, reasonCode, bundleRevision, from, to, afterIndex, pageSize);
  }
}
