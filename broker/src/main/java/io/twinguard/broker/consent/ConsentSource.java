package io.twinguard.broker.consent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where the broker reads the consents of a call's data subjects, in the policy input's shape
 * ({@code consents} in {@code policies/schema/input.schema.json}), and where it asks a subject for
 * a consent the policies found missing.
 */
@FunctionalInterface
public interface ConsentSource {

  /**
   * The consent records of {@code subjects} given to {@code recipientOrg}, whatever their status:
   * the policies judge them. Consents to other organisations cannot allow the call, so they stay
   * out of the policy input and the audit record.
   */
  Future<List<JsonObject>> consentsOf(List<String> subjects, String recipientOrg);

  /**
   * Makes a denial's {@code request_consent} obligation a request the subject can answer. The
   * default keeps nothing (a source that holds no records cannot ask anyone).
   *
   * @param obligation the obligation as the policies returned it ({@code type}, {@code subject},
   *     {@code recipient_org}, {@code purpose}, {@code data_categories}, {@code explicit})
   * @param requester the SPIFFE ID of the twin whose call was denied
   * @return completes once the request is recorded; fails when it could not be
   */
  default Future<Void> requestConsent(JsonObject obligation, String requester) {
    return Future.succeededFuture();
  }
}
