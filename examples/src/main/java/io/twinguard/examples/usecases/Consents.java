package io.twinguard.examples.usecases;

import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.Consent;
import io.twinguard.consent.ConsentStatus;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a citizen does in the consent portal ({@code POST /api/v1/requests/{id}/grant|refuse},
 * {@code POST /api/v1/consents/{id}/withdraw}), by the city's {@link Portal} variant: the same
 * {@code ConsentService} methods in process, or the API itself with a Keycloak token. Either way
 * every change is a real record with its receipt and its audit record.
 */
final class Consents {

  private Consents() {}

  /** The citizen's request from {@code org} for {@code category}, waiting for her answer. */
  static Consent request(Citizen citizen, String org, String category) throws Exception {
    String subject = City.await(citizen.subject());
    return City.await(citizen.consents()).stream()
        .filter(c -> c.status() == ConsentStatus.REQUESTED && org.equals(recipient(c))
            && c.dataCategories().contains(category))
        .findFirst().orElseThrow(() -> new StepFailed(subject, "open her requests",
            "a request from " + org + " waiting for her answer", "none"));
  }

  /** The citizen's consent in force given to {@code org} for {@code category}. */
  static Consent given(Citizen citizen, String org, String category) throws Exception {
    String subject = City.await(citizen.subject());
    return City.await(citizen.consents()).stream()
        .filter(c -> c.status() == ConsentStatus.GIVEN && org.equals(recipient(c))
            && c.dataCategories().contains(category))
        .findFirst().orElseThrow(() -> new StepFailed(subject, "open her consents",
            "a consent given to " + org, "none"));
  }

  /** Plays one change by the subject and prints its receipt; fails unless it took effect. */
  static ChangeOutcome.Changed change(Script script, String step, String subject,
      Function<String, Future<ChangeOutcome>> change, Consent consent) throws Exception {
    script.tell(subject + " in the portal: " + step);
    ChangeOutcome outcome = City.await(change.apply(consent.id()));
    if (!(outcome instanceof ChangeOutcome.Changed changed)) {
      throw new StepFailed(subject, step, "the change in force", outcome.toString());
    }
    script.tell("  -> " + changed.consent().status().name().toLowerCase(Locale.ROOT) + " v"
        + changed.consent().version() + ", consent record #" + changed.auditIndex() + ", signed receipt (JWS, "
        + changed.receipt().length() + " chars)");
    return changed;
  }

  private static String recipient(Consent consent) {
    return consent.recipientOrg();
  }
}
