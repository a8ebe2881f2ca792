package io.twinguard.broker.consent;

import io.twinguard.consent.ConsentService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The consent service as the broker's consent source: lookups through its cache (which follows
 * every withdrawal of every broker on the database, see {@code ConsentLookup}), and denials'
 * {@code request_consent} obligations as requests the subject answers in the portal.
 */
public final class ServiceConsents implements ConsentSource {

  private final ConsentService service;

  public ServiceConsents(ConsentService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  public Future<List<JsonObject>> consentsOf(List<String> subjects, String recipientOrg) {
    return service.lookup().consentsOf(subjects, recipientOrg);
  }

  @Override
  public Future<Void> requestConsent(JsonObject obligation, String requester) {
    return service.request(obligation, requester).mapEmpty();
  }
}
