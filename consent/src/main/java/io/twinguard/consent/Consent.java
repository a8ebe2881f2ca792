package io.twinguard.consent;

import io.twinguard.audit.record.RecordLimits;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One version of a consent record, shaped after ISO/IEC TS 27560 with DPV terms. A change makes a
 * new version; versions are never overwritten, and the highest one is in force.
 *
 * <p>Guaranteed: every id fits the audit record's id limits, every purpose, category and
 * processing operation is a DPV-style term ({@code prefix:Name}), lists are unique and copied in,
 * and times are consistent with the status (a given or renewed consent has {@code givenAt}, a
 * withdrawn or revoked one {@code withdrawnAt}).
 *
 * @param id the record's id, the same for every version
 * @param version from 1, one more than the version it supersedes
 * @param subject pseudonymous id of the data subject
 * @param controllerOrg the organisation responsible for the processing (the data controller)
 * @param recipientOrg the organisation that may receive the data
 * @param recipientTwin the SPIFFE ID of one twin of that organisation when the consent is
 *     narrower; null for the whole organisation
 * @param purposes DPV purposes, at least one
 * @param dataCategories DPV personal-data categories, at least one
 * @param processing DPV processing operations, such as {@code dpv:Use}
 * @param legalBasis consent or explicit consent
 * @param status the DPV status this version sets
 * @param recordedAt when this version was made
 * @param givenAt when the consent was given; null unless it ever was
 * @param withdrawnAt when it was withdrawn or revoked; null otherwise
 * @param expiresAt when it expires; null for no expiry
 * @param withdrawalMethod how the subject withdraws (the portal's address)
 * @param actor who made this version: the subject, or a SPIFFE ID or organisation
 * @throws IllegalArgumentException naming the field when a component breaks these rules
 */
public record Consent(
    String id,
    int version,
    String subject,
    String controllerOrg,
    String recipientOrg,
    String recipientTwin,
    List<String> purposes,
    List<String> dataCategories,
    List<String> processing,
    LegalBasis legalBasis,
    ConsentStatus status,
    Instant recordedAt,
    Instant givenAt,
    Instant withdrawnAt,
    Instant expiresAt,
    String withdrawalMethod,
    String actor) {

  /** A DPV term as the policy input schema writes it: {@code prefix:Name}. */
  public static final Pattern DPV_TERM = Pattern.compile("[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9]*");

  private static final int MAX_TERMS = 64;

  public Consent {
    RecordLimits.ID.check(id, "id");
    if (version < 1) {
      throw new IllegalArgumentException("version: must be 1 or more");
    }
    RecordLimits.ID.check(subject, "subject");
    RecordLimits.ID.check(controllerOrg, "controller_org");
    RecordLimits.ID.check(recipientOrg, "recipient_org");
    RecordLimits.ID.checkOptional(recipientTwin, "recipient_twin");
    purposes = terms(purposes, "purposes", 1);
    dataCategories = terms(dataCategories, "data_categories", 1);
    processing = terms(processing, "processing", 0);
    if (legalBasis == null || status == null || recordedAt == null) {
      throw new IllegalArgumentException("legal_basis, status and recorded_at are required");
    }
    if (status.validForProcessing() && givenAt == null) {
      throw new IllegalArgumentException("given_at: required when the consent is " + status.wireName());
    }
    if ((status == ConsentStatus.WITHDRAWN || status == ConsentStatus.REVOKED) && withdrawnAt == null) {
      throw new IllegalArgumentException("withdrawn_at: required when the consent is " + status.wireName());
    }
    RecordLimits.ID.check(withdrawalMethod, "withdrawal_method");
    RecordLimits.ID.check(actor, "actor");
  }

  /** Whether a call at {@code now} may use this version: valid for processing and not expired. */
  public boolean allowsProcessingAt(Instant now) {
    return status.validForProcessing() && (expiresAt == null || expiresAt.isAfter(now));
  }

  /** The record as JSON (snake_case names, RFC 3339 times, null where absent). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("version", version)
        .put("subject", subject)
        .put("controller_org", controllerOrg)
        .put("recipient_org", recipientOrg)
        .put("recipient_twin", recipientTwin)
        .put("purposes", new JsonArray(purposes))
        .put("data_categories", new JsonArray(dataCategories))
        .put("processing", new JsonArray(processing))
        .put("legal_basis", legalBasis.dpvTerm())
        .put("status", status.wireName())
        .put("status_dpv", status.dpvTerm())
        .put("recorded_at", time(recordedAt))
        .put("given_at", time(givenAt))
        .put("withdrawn_at", time(withdrawnAt))
        .put("expires_at", time(expiresAt))
        .put("withdrawal_method", withdrawalMethod)
        .put("actor", actor);
  }

  /** The RFC 8785 canonical bytes of {@link #toJson()}: what receipts and the audit log bind. */
  public byte[] canonical() {
    return CanonicalJson.canonicalize(toJson().encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The RFC 9530 sha-256 digest of {@link #canonical()}, as the audit record holds it. */
  public String digest() {
    return ContentDigest.create(canonical(), DigestAlgorithm.SHA_256);
  }

  /**
   * The record as the policies read it ({@code consents[]} of the policy input schema), with its
   * version: id, version, subject, recipient_org, purposes, data_categories, explicit, status
   * ({@link ConsentStatus#policyStatus()}), expires.
   */
  public JsonObject policyView() {
    return new JsonObject()
        .put("id", id)
        .put("version", version)
        .put("subject", subject)
        .put("recipient_org", recipientOrg)
        .put("purposes", new JsonArray(purposes))
        .put("data_categories", new JsonArray(dataCategories))
        .put("explicit", legalBasis == LegalBasis.EXPLICIT_CONSENT)
        .put("status", status.policyStatus())
        .put("expires", time(expiresAt));
  }

  /** Reads {@link #toJson()}'s form back. @throws IllegalArgumentException when it breaks the rules */
  public static Consent fromJson(JsonObject json) {
    try {
      return new Consent(
          json.getString("id"), json.getInteger("version"), json.getString("subject"),
          json.getString("controller_org"), json.getString("recipient_org"), json.getString("recipient_twin"),
          strings(json.getJsonArray("purposes")), strings(json.getJsonArray("data_categories")),
          strings(json.getJsonArray("processing")),
          LegalBasis.ofDpvTerm(json.getString("legal_basis"))
              .orElseThrow(() -> new IllegalArgumentException("legal_basis: dpv:Consent or dpv:ExplicitlyExpressedConsent")),
          ConsentStatus.ofWireName(json.getString("status"))
              .orElseThrow(() -> new IllegalArgumentException("status: not a consent status")),
          instant(json.getString("recorded_at")), instant(json.getString("given_at")),
          instant(json.getString("withdrawn_at")), instant(json.getString("expires_at")),
          json.getString("withdrawal_method"), json.getString("actor"));
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a consent record: " + e.getMessage(), e);
    }
  }

  private static List<String> terms(List<String> values, String field, int min) {
    if (values == null || values.size() < min || values.size() > MAX_TERMS) {
      throw new IllegalArgumentException(field + ": " + min + " to " + MAX_TERMS + " DPV terms");
    }
    List<String> copy = List.copyOf(values);
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException(field + ": items must be unique");
    }
    for (String value : copy) {
      if (!DPV_TERM.matcher(value).matches()) {
        throw new IllegalArgumentException(field + ": each item is a DPV term such as dpv:ServiceProvision");
      }
    }
    return copy;
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? null : array.stream().map(String.class::cast).toList();
  }

  private static String time(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
