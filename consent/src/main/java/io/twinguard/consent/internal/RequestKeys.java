package io.twinguard.consent.internal;

import io.twinguard.consent.ConsentTerms;
import io.twinguard.consent.LegalBasis;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the policies' {@code request_consent} obligation ({@code subject}, {@code recipient_org},
 * {@code purpose}, {@code data_categories}, {@code explicit}) and names the request it makes: the
 * SHA-256 of the canonical JSON of those values, with the categories sorted.
 */
public final class RequestKeys {

  private RequestKeys() {}

  /**
   * The terms a request asks for: the recipient organisation is also the controller.
   *
   * @throws IllegalArgumentException when the obligation is malformed
   */
  public static ConsentTerms terms(JsonObject obligation) {
    try {
      if (!"request_consent".equals(obligation.getString("type"))) {
        throw new IllegalArgumentException("not a request_consent obligation");
      }
      String org = obligation.getString("recipient_org");
      List<String> categories = obligation.getJsonArray("data_categories").stream()
          .map(String.class::cast).sorted().distinct().toList();
      ConsentTerms terms = new ConsentTerms(obligation.getString("subject"), org, org, null,
          List.of(obligation.getString("purpose")), categories, List.of("dpv:Use"),
          obligation.getBoolean("explicit", false) ? LegalBasis.EXPLICIT_CONSENT : LegalBasis.CONSENT, null);
      // validates every term as a record would
      terms.firstVersion("check", io.twinguard.consent.ConsentStatus.REQUESTED, org, "check",
          java.time.Instant.EPOCH);
      return terms;
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed request_consent obligation", e);
    }
  }

  /** The request's key. */
  public static String key(ConsentTerms terms) {
    JsonObject identity = new JsonObject()
        .put("subject", terms.subject())
        .put("recipient_org", terms.recipientOrg())
        .put("purposes", new JsonArray(terms.purposes()))
        .put("data_categories", new JsonArray(terms.dataCategories()))
        .put("legal_basis", terms.legalBasis().dpvTerm());
    try {
      byte[] canonical = CanonicalJson.canonicalize(identity.encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
