package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import io.twinguard.broker.Broker;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.tests.identity.TokenEcosystem.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak stopped mid-run, for real: the test starts a Keycloak of its own ({@link OwnKeycloak},
 * its own directory and ports, so the Keycloak of the other tests runs on), lets the broker fetch
 * its keys, has it sign a token with a key added afterwards, and stops the process. Then tokens
 * signed with keys already held keep working, the token that needs the new key is refused with 503
 * problem+json, and {@code /ready} names the identity provider unreachable while staying ready.
 */
class KeycloakStoppedTest {

  private static final Duration FLOOR = Duration.ofMinutes(1);

  private static OwnKeycloak own;
  private static TestKeycloak keycloak;
  private static TokenEcosystem city;

  private final ShiftedClock clock = new ShiftedClock();
  private final ECKey twinKey = TokenEcosystem.newKey();

  @BeforeAll
  static void start() throws Exception {
    own = OwnKeycloak.start(Path.of("target", "keycloak-stopped").toAbsolutePath());
    keycloak = own.running();
    city = new TokenEcosystem();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (city != null) {
        city.close();
      }
    } finally {
      if (own != null) {
        own.clean();
      }
    }
  }

  @Test
  void call_afterKeycloakStopped_heldKeysWorkANewKeyIs503AndReadySaysSo() throws Exception {
    Broker broker = city.broker(identity(keycloak.issuer(), keycloak.audience(), FLOOR), clock,
        new RecordingAuditTrail(), Optional.empty());
    String held = keycloak.clientCredentialsToken("city-buildings", twinKey);
    KeycloakAdmin.login(keycloak).rotateRsaKey();
    String needsNewKey = keycloak.clientCredentialsToken("city-buildings", twinKey);

    own.stop();
    clock.advance(FLOOR);

    assertEquals(200, city.predict(broker, held, twinKey, clock).status(), "a key already held works");
    Answer unavailable = city.predict(broker, needsNewKey, twinKey, clock);
    assertEquals(503, unavailable.status(), unavailable.body().toString());
    assertEquals("application/problem+json", unavailable.headers().get("content-type"));
    assertEquals("identity-unavailable", unavailable.problem());
    Answer ready = city.get(broker, "/ready", null, null, clock);
    JsonObject identity = ready.json().getJsonObject("checks").getJsonObject("identity");
    assertEquals(200, ready.status(), ready.body().toString());
    assertFalse(identity.getBoolean("reachable"), identity.encode());
    assertTrue(identity.getInteger("keys") > 0, identity.encode());
  }
}
