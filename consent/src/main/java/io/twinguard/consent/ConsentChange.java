package io.twinguard.consent;

/**
 * A consent change as every broker process learns of it (its own and other processes' changes),
 * after its cached consents of the subject were dropped.
 *
 * @param changeId the change's number, unique in the database
 * @param subject pseudonymous id of the data subject
 * @param consentId the record that changed
 * @param status the status it now has (its wire name)
 * @param validForProcessing whether that status lets a call use the consent
 */
public record ConsentChange(long changeId, String subject, String consentId, String status, boolean validForProcessing) {}
