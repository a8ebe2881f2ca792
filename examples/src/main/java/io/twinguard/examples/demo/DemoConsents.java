package io.twinguard.examples.demo;

import io.twinguard.common.yaml.Yaml;
import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.ConsentStatus;
import io.twinguard.consent.ConsentTerms;
import io.twinguard.consent.LegalBasis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The consents the demo's data subjects give, as real records of the consent service: each item
 * of {@code smart-city-consents.yaml} is given by its subject (a version 1 record, a signed receipt,
 * a consent record in the audit log), to the recipient organisation as controller, for use.
 */
final class DemoConsents {

  private DemoConsents() {}

  /**
   * Gives every consent the fixture file lists.
   *
   * @return how many records were given; fails when the service refuses one
   */
  static Future<Integer> seed(ConsentService service, String fixtures) {
    JsonArray items = new JsonObject(Yaml.parseMapping(fixtures, "consent fixtures")).getJsonArray("consents");
    List<Future<ChangeOutcome>> given = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      given.add(service.give(terms(item), item.getString("subject")));
    }
    return Future.all(given).compose(all -> {
      for (Future<ChangeOutcome> outcome : given) {
        if (!(outcome.result() instanceof ChangeOutcome.Changed)) {
          return Future.failedFuture("the consent service refused a demo consent: " + outcome.result());
        }
      }
      return Future.succeededFuture(given.size());
    });
  }

  /** How many requests wait for the subject's answer (made by denials for missing consent). */
  static Future<Long> waiting(ConsentService service, String subject) {
    return service.consentsOf(subject)
        .map(records -> records.stream().filter(c -> c.status() == ConsentStatus.REQUESTED).count());
  }

  private static ConsentTerms terms(JsonObject item) {
    String org = item.getString("recipient_org");
    String expires = item.getString("expires");
    return new ConsentTerms(item.getString("subject"), org, org, null, strings(item.getJsonArray("purposes")),
        strings(item.getJsonArray("data_categories")), List.of("dpv:Use"),
        item.getBoolean("explicit", false) ? LegalBasis.EXPLICIT_CONSENT : LegalBasis.CONSENT,
        expires == null ? null : Instant.parse(expires));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
