package io.twinguard.audit.log.internal;

/**
 * The conditions a compliance query may put on the query columns of {@code log_leaf}, each a
 * parameterised SQL condition ({@code %d} is the parameter's number): values never become SQL text.
 * The value each takes is given in its description.
 */
public enum LeafFilter {
  /** A String: the record's kind (decision, forwarding, consent, registry, policy). */
  KIND("kind = $%d"),
  /** A String: a data subject among the record's subjects. */
  SUBJECT("subjects @> ARRAY[$%d]::text[]"),
  /** A String: the caller's SPIFFE ID. */
  CALLER("caller = $%d"),
  /** A String: the target's SPIFFE ID. */
  TARGET("target = $%d"),
  /** A String: the DPV purpose. */
  PURPOSE("purpose = $%d"),
  /** A String: the decision id. */
  DECISION_ID("decision_id = $%d"),
  /** A String: allow, deny or refused. */
  OUTCOME("decision = $%d"),
  /** A String: a reason code among the record's reasons. */
  REASON_CODE("reason_codes @> ARRAY[$%d]::text[]"),
  /** A String: the policy bundle revision. */
  BUNDLE_REVISION("bundle_revision = $%d"),
  /** An OffsetDateTime: records at or after it. */
  FROM("record_time >= $%d"),
  /** An OffsetDateTime: records before it. */
  TO("record_time < $%d"),
  /** A Long: records after this leaf index. */
  AFTER("idx > $%d");

  private final String condition;

  LeafFilter(String condition) {
    this.condition = condition;
  }

  /** The condition on parameter number {@code parameter}. */
  String condition(int parameter) {
    return String.format(condition, parameter);
  }
}
