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

  /** Every consent record of {@code subjects}, whatever its status; the policies judge them. */
  Future<List<JsonObject>> consentsOf(List<String> subjects);
}
