package io.twinguard.consent;

import java.util.Arrays;
import java.util.Optional;

/**
 * The status of a consent record, as the W3C Data Privacy Vocabulary (DPV 2.x) names it. Only the
 * statuses DPV files under {@code dpv:ConsentStatusValidForProcessing} (given, renewed) let a call
 * through; every other one is invalid for processing.
 */
public enum ConsentStatus {
  REQUESTED("requested", "dpv:ConsentRequested", "requested"),
  GIVEN("given", "dpv:ConsentGiven", "given"),
  RENEWED("renewed", "dpv:RenewedConsentGiven", "given"),
  REFUSED("refused", "dpv:ConsentRefused", "withdrawn"),
  WITHDRAWN("withdrawn", "dpv:ConsentWithdrawn", "withdrawn"),
  REVOKED("revoked", "dpv:ConsentRevoked", "withdrawn"),
  EXPIRED("expired", "dpv:ConsentExpired", "expired"),
  INVALIDATED("invalidated", "dpv:ConsentInvalidated", "withdrawn");

  private final String wireName;
  private final String dpvTerm;
  private final String policyStatus;

  ConsentStatus(String wireName, String dpvTerm, String policyStatus) {
    this.wireName = wireName;
    this.dpvTerm = dpvTerm;
    this.policyStatus = policyStatus;
  }

  /** The name in records, the API and the audit log, such as {@code withdrawn}. */
  public String wireName() {
    return wireName;
  }

  /** The DPV concept, such as {@code dpv:ConsentWithdrawn}. */
  public String dpvTerm() {
    return dpvTerm;
  }

  /**
   * The status as the policies read it ({@code consents[].status} of the policy input schema:
   * given, withdrawn, expired, requested). The policies allow only {@code given}, so both statuses
   * valid for processing map to it and every invalid one to a status they refuse.
   */
  public String policyStatus() {
    return policyStatus;
  }

  /** Whether DPV counts this status as valid for processing: only then may a call use the consent. */
  public boolean validForProcessing() {
    return this == GIVEN || this == RENEWED;
  }

  /** The status of a wire name, if any. */
  public static Optional<ConsentStatus> ofWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
