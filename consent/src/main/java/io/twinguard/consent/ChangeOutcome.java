package io.twinguard.consent;

/**
 * What a requested consent change came to. Exhaustive: {@link Changed} when a new version is in
 * force, {@link NotFound} when there is no such record for that subject (another subject's record
 * is "not found" too, so its existence does not leak), {@link NotAllowed} when the record's status
 * does not allow the change.
 */
public sealed interface ChangeOutcome {

  /**
   * The change is in force and recorded.
   *
   * @param consent the new version
   * @param receipt the JWS receipt of the change (compact serialization)
   * @param auditIndex the index of the change's record in the audit log
   */
  record Changed(Consent consent, String receipt, long auditIndex) implements ChangeOutcome {}

  /** No record with that id belongs to the subject. */
  record NotFound(String consentId) implements ChangeOutcome {}

  /** The record's status does not allow the change; {@code reason} says why, for people. */
  record NotAllowed(String consentId, String reason) implements ChangeOutcome {}
}
