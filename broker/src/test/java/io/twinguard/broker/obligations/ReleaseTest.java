package io.twinguard.broker.obligations;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twinguard.broker.call.Forwarded;
import io.twinguard.broker.call.Released;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Obligation;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseTest {

  static final Release RELEASE = new Release();
  static final Decision.Allow REDACT_OCCUPANT = new Decision.Allow(List.of(
      Obligation.fromJson(new JsonObject().put("type", "redact").put("fields", List.of("/occupant"))),
      Obligation.fromJson(new JsonObject().put("type", "notify_subject").put("subjects", List.of("ada")))), 0, "rev-1");

  static Forwarded answered(Decision.Allow allow, String contentType, String body) {
    return new Forwarded(Calls.to("thermostat/data/readings/read").leased(allow),
        new Upstream(200, contentType, Buffer.buffer(body)));
  }

  @Test
  void apply_redactsTheNamedFieldsAndRecordsTheOtherObligations() {
    Released released = value(RELEASE.apply(answered(REDACT_OCCUPANT, "application/json",
        "{\"temperature_c\":21,\"occupant\":\"ada\"}")));

    JsonObject body = released.outcome().body().toJsonObject();
    assertEquals(21, body.getInteger("temperature_c"));
    assertFalse(body.containsKey("occupant"));
    assertEquals(List.of("notify_subject", "redact"),
        released.obligations().stream().map(o -> o.getString("type")).sorted().toList());
    assertEquals(ContentDigest.create(released.outcome().body().getBytes(), DigestAlgorithm.SHA_256),
        released.outcome().headers().get(ContentDigest.FIELD));
    assertEquals(released.responseDigest(), released.outcome().headers().get(ContentDigest.FIELD));
  }

  @Test
  void apply_answerToRedactThatIsNotJson_isWithheld() {
    refusal(RELEASE.apply(answered(REDACT_OCCUPANT, "text/plain", "occupant: ada")), Refusal.TargetUnavailable.class);
  }

  @Test
  void apply_malformedJsonToRedact_isWithheld() {
    refusal(RELEASE.apply(answered(REDACT_OCCUPANT, "application/json", "{\"occupant\": ")),
        Refusal.TargetUnavailable.class);
  }

  @Test
  void apply_nothingToRedact_releasesTheAnswerAsIs() {
    Released released = value(RELEASE.apply(answered(new Decision.Allow(List.of(), 0, "rev-1"), "text/plain", "hello")));

    assertEquals("hello", released.outcome().body().toString());
    assertEquals("text/plain", released.outcome().headers().get("content-type"));
  }
}
