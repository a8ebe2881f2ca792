package io.twinguard.consent.portal.view;

/**
 * A request waiting for the citizen's answer.
 *
 * @param id the consent record id
 * @param org who asks
 * @param purposes the purposes, joined for reading
 * @param categories the personal-data categories, joined for reading
 * @param explicit whether explicit consent is asked for
 */
public record RequestView(String id, String org, String purposes, String categories, boolean explicit) {}
