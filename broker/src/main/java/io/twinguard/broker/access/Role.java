package io.twinguard.broker.access;

import java.util.Locale;

/**
 * The realm roles of the people (and scripts) who use twinguard, as the identity provider's tokens
 * carry them in {@code realm_access.roles}. The broker's own APIs each require one.
 */
public enum Role {
  /** A person whose data the twins hold: their own consent records (checked by the consent module). */
  CITIZEN,
  /** Queries and exports the audit log ({@code /v1/audit}). */
  AUDITOR,
  /** Uploads, activates and evaluates policy bundles. */
  POLICY_AUTHOR,
  /** Administers the twin registry and the ecosystem's mode ({@code /v1/admin}). */
  OPERATOR;

  /** The role's name in the realm, such as {@code policy-author}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
