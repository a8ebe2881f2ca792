package io.twinguard.audit.record;

import java.time.Instant;
import java.util.List;

/**
 * A call the policies allowed, written to the log before the broker forwards it to its target: no
 * call that changes the world reaches a twin unless this record is durable. The call's {@link
 * DecisionRecord}, with the outcome, follows under the same decision id. Valid against the record
 * schema's {@code forwarding} definition by construction: every component is checked against
 * {@link RecordLimits}, lists are copied in.
 *
 * @param decisionId the call's decision id
 * @param time when the broker received the call
 * @param caller the calling twin's SPIFFE ID
 * @param target the target twin's SPIFFE ID
 * @param block the block called
 * @param operation the operation called
 * @param purpose the DPV purpose the caller declared
 * @param subjects the data subjects' pseudonymous ids
 * @param dataCategories the block's DPV personal-data categories
 * @param signed whether the caller's HTTP message signature was verified
 * @param consents the ids of the consent records the policies saw
 * @param bundleRevision the policy bundle revision that allowed the call
 * @param requestDigest the RFC 9530 digest of the request body
 * @param actuators the target's actuators the call moves, leased to the caller
 * @param priority the priority the policies gave the call
 * @throws IllegalArgumentException naming the field (as the schema names it) when a component
 *     breaks the schema
 */
public record ForwardingRecord(
    String decisionId,
    Instant time,
    String caller,
    String target,
    DecisionRecord.BlockRef block,
    String operation,
    String purpose,
    List<String> subjects,
    List<String> dataCategories,
    boolean signed,
    List<String> consents,
    String bundleRevision,
    String requestDigest,
    List<String> actuators,
    int priority) {

  public ForwardingRecord {
    RecordLimits.ID.check(decisionId, "decision_id");
    Checks.time(time);
    RecordLimits.ID.check(caller, "caller");
    RecordLimits.ID.check(target, "target");
    if (block == null) {
      throw new IllegalArgumentException("block: required");
    }
    RecordLimits.ID.check(operation, "operation");
    RecordLimits.ID.check(purpose, "purpose");
    subjects = Checks.ids(subjects, "subjects");
    dataCategories = Checks.ids(dataCategories, "data_categories");
    consents = Checks.ids(consents, "consents");
    RecordLimits.ID.check(bundleRevision, "bundle_revision");
    RecordLimits.DIGEST.check(requestDigest, "request_digest");
    actuators = Checks.ids(actuators, "actuators");
    RecordLimits.PRIORITY.check(priority, "priority");
  }
}
