package io.twinguard.consent;

import java.time.Instant;
import java.util.List;

/**
 * What a new consent record covers, before it has an id, version and status.
 *
 * @param subject pseudonymous id of the data subject
 * @param controllerOrg the data controller
 * @param recipientOrg the organisation that may receive the data
 * @param recipientTwin one twin of that organisation when narrower; null otherwise
 * @param purposes DPV purposes
 * @param dataCategories DPV personal-data categories
 * @param processing DPV processing operations
 * @param legalBasis consent or explicit consent
 * @param expiresAt when a grant expires; null for none
 */
public record ConsentTerms(
    String subject,
    String controllerOrg,
    String recipientOrg,
    String recipientTwin,
    List<String> purposes,
    List<String> dataCategories,
    List<String> processing,
    LegalBasis legalBasis,
    Instant expiresAt) {

  public ConsentTerms {
    purposes = List.copyOf(purposes);
    dataCategories = List.copyOf(dataCategories);
    processing = List.copyOf(processing);
  }

  /**
   * The first version of a record with these terms.
   *
   * @throws IllegalArgumentException when a term breaks {@link Consent}'s rules
   */
  public Consent firstVersion(String id, ConsentStatus status, String actor, String withdrawalMethod, Instant now) {
    boolean given = status.validForProcessing();
    return new Consent(id, 1, subject, controllerOrg, recipientOrg, recipientTwin, purposes, dataCategories,
        processing, legalBasis, status, now, given ? now : null, null, given ? expiresAt : null,
        withdrawalMethod, actor);
  }
}
