package io.twinguard.broker.consent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where the broker reads the consents of a call's data subjects, in the policy input's shape
 * ({@code consents} in {@code policies/schema/input.schema.json}).
 */
@FunctionalInterface
public interface ConsentSource {

  /**
   * The consent records of {@code subjects} given to {@code recipientOrg}, whatever their status:
   * the policies judge them. Consents to other organisations cannot allow the call, so they stay
   * out of the policy input and the audit record.
   */
  Future<List<JsonObject>> consentsOf(List<String> subjects, String recipientOrg);
}
