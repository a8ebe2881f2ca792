package io.twinguard.consent;

import java.util.Optional;

/**
 * The legal basis of a consent record, as DPV terms: consent (GDPR art. 6(1)(a)) or explicitly
 * expressed consent, which special categories (art. 9(2)(a)) and profiling need.
 */
public enum LegalBasis {
  CONSENT("dpv:Consent"),
  EXPLICIT_CONSENT("dpv:ExplicitlyExpressedConsent");

  private final String dpvTerm;

  LegalBasis(String dpvTerm) {
    this.dpvTerm = dpvTerm;
  }

  public String dpvTerm() {
    return dpvTerm;
  }

  /** The basis of a DPV term, if it is one of these. */
  public static Optional<LegalBasis> ofDpvTerm(String term) {
    for (LegalBasis basis : values()) {
      if (basis.dpvTerm.equals(term)) {
        return Optional.of(basis);
      }
    }
    return Optional.empty();
  }
}
