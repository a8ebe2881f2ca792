package io.twinguard.broker.validation;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.twinguard.broker.call.Verified;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.refusal.SchemaViolation;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ValidatePayloadTest {

  static final ValidatePayload VALIDATE = new ValidatePayload();

  @Test
  void apply_payloadSatisfyingTheSchema_passesUnchanged() {
    Verified verified = Calls.to("thermostat/model/heating/predict").json(new JsonObject().put("outdoor_c", 4.5))
        .verified();

    assertSame(verified, value(VALIDATE.apply(verified)));
  }

  @Test
  void apply_payloadBreakingTheSchema_isSchemaViolationListingEachViolation() {
    SchemaViolation refused = refusal(VALIDATE.apply(Calls.to("thermostat/model/heating/predict")
        .json(new JsonObject().put("outdoor_c", "cold")).verified()), SchemaViolation.class);

    assertFalse(refused.violations().isEmpty());
  }

  @Test
  void apply_noPayloadWhereOneIsRequired_isSchemaViolation() {
    refusal(VALIDATE.apply(Calls.to("thermostat/model/heating/predict").verified()), SchemaViolation.class);
  }
}
