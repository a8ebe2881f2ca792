package io.twinguard.consent.portal.view;

/**
 * A consent record in force, for the consents page.
 *
 * @param id the record id
 * @param version the version in force
 * @param org the recipient organisation
 * @param purposes the purposes, joined
 * @param categories the categories, joined
 * @param status the status's wire name
 * @param since when it was given or last changed
 * @param until when it expires, or "no expiry"
 * @param withdrawable whether it can be withdrawn now
 * @param propagation "3 of 4 recipients confirmed", or empty
 */
public record ConsentView(String id, int version, String org, String purposes, String categories, String status,
    String since, String until, boolean withdrawable, String propagation) {}
