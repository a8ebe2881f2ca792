package io.twinguard.audit.record;

import java.time.Instant;
import java.util.Arrays;

/**
 * The audit record of a consent change ({@code kind: consent} in the record schema): a new version
 * of a consent record with the DPV status it set, written before the change takes effect, or the
 * outcome of a withdrawal notice sent to a twin. {@link AuditRecord#of(ConsentRecord)} turns it
 * into a leaf of the log. The consent record's own fields stay in the consent store; {@code
 * recordDigest} binds them, so a receipt holding the record and this leaf's inclusion proof shows
 * that the log holds exactly that version.
 *
 * <p>Guaranteed: an instance exists only if its record passes the schema.
 *
 * @param time when the change was made, between the years 0000 and 9999
 * @param consentId the consent record's id
 * @param version the version the change made, or the version a notice was about, from 1
 * @param subject pseudonymous id of the data subject
 * @param recipientOrg the organisation the consent is given to
 * @param event the status set, or a notice's outcome
 * @param actor who made the change: the subject's pseudonymous id or a SPIFFE ID
 * @param twin the SPIFFE ID of the twin notified; non-null exactly for the notice events
 * @param recordDigest the RFC 9530 digest of the consent record version's canonical JSON
 * @throws IllegalArgumentException naming the field (as the schema names it) when a component
 *     breaks the schema
 */
public record ConsentRecord(
    Instant time,
    String consentId,
    int version,
    String subject,
    String recipientOrg,
    Event event,
    String actor,
    String twin,
    String recordDigest) {

  public ConsentRecord {
    Checks.time(time);
    RecordLimits.ID.check(consentId, "consent_id");
    RecordLimits.CONSENT_VERSION.check(version, "version");
    RecordLimits.ID.check(subject, "subject");
    RecordLimits.ID.check(recipientOrg, "recipient_org");
    if (event == null) {
      throw new IllegalArgumentException("event: required, one of " + RecordLimits.CONSENT_EVENT.values());
    }
    RecordLimits.ID.check(actor, "actor");
    if (event.isNotice()) {
      RecordLimits.ID.check(twin, "twin");
    } else if (twin != null) {
      throw new IllegalArgumentException("twin: must be absent unless the event is a notice's outcome");
    }
    RecordLimits.DIGEST.check(recordDigest, "record_digest");
  }

  /** What happened to the consent; the schema's {@code event} values. */
  public enum Event {
    /** dpv:ConsentRequested: someone asked the subject for consent. */
    REQUESTED("requested"),
    /** dpv:ConsentGiven. */
    GIVEN("given"),
    /** dpv:RenewedConsentGiven. */
    RENEWED("renewed"),
    /** dpv:ConsentRefused. */
    REFUSED("refused"),
    /** dpv:ConsentWithdrawn: by the data subject. */
    WITHDRAWN("withdrawn"),
    /** dpv:ConsentRevoked: by another party than the subject. */
    REVOKED("revoked"),
    /** dpv:ConsentExpired. */
    EXPIRED("expired"),
    /** dpv:ConsentInvalidated. */
    INVALIDATED("invalidated"),
    /** A twin acknowledged a withdrawal notice. */
    NOTICE_CONFIRMED("notice_confirmed"),
    /** A twin did not acknowledge a withdrawal notice after every retry. */
    NOTICE_UNCONFIRMED("notice_unconfirmed");

    static {
      RecordLimits.requireSame(
          RecordLimits.CONSENT_EVENT, Arrays.stream(values()).map(Event::wireName).toList(), "consent events");
    }

    private final String wireName;

    Event(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the record, such as {@code withdrawn} or {@code notice_confirmed}. */
    public String wireName() {
      return wireName;
    }

    /** Whether this is a withdrawal notice's outcome, which names a twin. */
    public boolean isNotice() {
      return this == NOTICE_CONFIRMED || this == NOTICE_UNCONFIRMED;
    }
  }
}
