package io.twinguard.consent.portal.view;

/**
 * What every page shows around its content.
 *
 * @param title the page's title and heading
 * @param current which navigation entry is the current page: requests, consents or history
 * @param base the portal's path prefix for links, without a trailing slash
 * @param csrf the CSRF token every form posts back
 * @param subject the citizen's pseudonymous subject id
 * @param name the citizen's name as Keycloak gives it
 */
public record Page(String title, String current, String base, String csrf, String subject, String name) {}
