package io.twinguard.consent;

/**
 * A pending request for consent.
 *
 * @param consentId the record the request created (first version: requested)
 * @param created whether this denial made the request, or an identical one had made it before
 */
public record ConsentRequest(String consentId, boolean created) {}
