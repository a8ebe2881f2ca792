package io.twinguard.consent.receipt;

import io.twinguard.consent.Consent;
import io.twinguard.consent.LegalBasis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * A subject's consent records as Kantara Initiative Consent Receipt Specification v1.1 receipts
 * ({@code version: KI-CR-v1.1.0}), one per record in force: the controller, the recipient as the
 * third party, each purpose with its personal-data categories, the consent type (explicit or
 * expressed), and the sensitive categories. Pure.
 */
public final class KantaraExport {

  /** The specification version every receipt names. */
  public static final String VERSION = "KI-CR-v1.1.0";

  /** GDPR art. 9 special categories among DPV's personal-data terms, reported as sensitive. */
  private static final Set<String> SPECIAL = Set.of("pd:MentalHealth", "pd:PhysicalHealth", "pd:HealthRecord",
      "pd:Health", "pd:Biometric", "pd:Genetic", "pd:Religion", "pd:PoliticalAffiliation", "pd:SexualOrientation",
      "pd:Ethnicity", "pd:Race", "pd:TradeUnionMembership", "pd:SexualHistory");

  private KantaraExport() {}

  /**
   * @param jurisdiction where the controller operates, such as {@code EU}
   * @param policyUrl where the privacy policy is
   */
  public static JsonObject export(List<Consent> consents, String jurisdiction, String policyUrl) {
    JsonArray receipts = new JsonArray();
    consents.forEach(consent -> receipts.add(receipt(consent, jurisdiction, policyUrl)));
    return new JsonObject().put("receipts", receipts);
  }

  private static JsonObject receipt(Consent c, String jurisdiction, String policyUrl) {
    JsonArray purposes = new JsonArray();
    for (int i = 0; i < c.purposes().size(); i++) {
      purposes.add(new JsonObject()
          .put("purpose", c.purposes().get(i))
          .put("purposeCategory", new JsonArray().add(c.purposes().get(i)))
          .put("consentType", c.legalBasis() == LegalBasis.EXPLICIT_CONSENT ? "EXPLICIT" : "EXPRESSED")
          .put("piiCategory", new JsonArray(c.dataCategories()))
          .put("primaryPurpose", i == 0)
          .put("termination", c.expiresAt() == null
              ? "until withdrawn at " + c.withdrawalMethod()
              : "expires " + c.expiresAt() + " or when withdrawn at " + c.withdrawalMethod())
          .put("thirdPartyDisclosure", true)
          .put("thirdPartyName", c.recipientTwin() == null ? c.recipientOrg() : c.recipientTwin()));
    }
    List<String> special = c.dataCategories().stream().filter(SPECIAL::contains).toList();
    long timestamp = (c.givenAt() == null ? c.recordedAt() : c.givenAt()).getEpochSecond();
    return new JsonObject()
        .put("version", VERSION)
        .put("jurisdiction", jurisdiction)
        .put("consentTimestamp", timestamp)
        .put("collectionMethod", "twinguard consent portal")
        .put("consentReceiptID", c.id() + "/" + c.version())
        .put("language", "en")
        .put("piiPrincipalId", c.subject())
        .put("piiControllers", new JsonArray().add(new JsonObject()
            .put("piiController", c.controllerOrg())
            .put("contact", c.controllerOrg())
            .put("address", new JsonObject())
            .put("email", "")
            .put("phone", "")))
        .put("policyUrl", policyUrl)
        .put("services", new JsonArray().add(new JsonObject()
            .put("service", c.recipientOrg())
            .put("purposes", purposes)))
        .put("sensitive", !special.isEmpty())
        .put("spiCat", new JsonArray(special))
        .put("status", c.status().dpvTerm());
  }
}
