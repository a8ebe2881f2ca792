package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.broker.Broker;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.oidc.HttpJwksSource;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.serve.IdentityProviders;
import io.twinguard.common.settings.IdentitySettings;
import io.twinguard.tests.identity.TokenEcosystem.Answer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realm's keys as Keycloak changes them and goes away, with the broker running throughout: a
 * key Keycloak starts signing with is fetched on the first token that names it once the refetch
 * floor has passed, without a restart; while Keycloak cannot be reached (the broker reaches it
 * through a relay the test stops), tokens signed with keys already held keep working, a token
 * that needs a new key is refused with 503 problem+json, and {@code /ready} says so. The floor is
 * a minute, passed by moving the broker's clock, never by waiting. Each test removes the key it
 * added, so the realm signs with its own keys again for other tests.
 */
class KeycloakKeysTest {

  private static final Duration FLOOR = Duration.ofMinutes(1);

  private static TestKeycloak keycloak;
  private static KeycloakAdmin admin;
  private static TokenEcosystem city;

  private final ShiftedClock clock = new ShiftedClock();
  private final RecordingAuditTrail audit = new RecordingAuditTrail();
  private final ECKey twinKey = TokenEcosystem.newKey();

  @BeforeAll
  static void start() throws Exception {
    keycloak = TestKeycloak.running();
    admin = KeycloakAdmin.login(keycloak);
    city = new TokenEcosystem();
  }

  @AfterAll
  static void stop() throws Exception {
    city.close();
  }

  private String token() throws Exception {
    return keycloak.clientCredentialsToken("city-buildings", twinKey);
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  private JsonObject identityCheck(Broker broker) throws Exception {
    return city.get(broker, "/ready", null, null, clock).json().getJsonObject("checks").getJsonObject("identity");
  }

  @Test
  void call_tokenSignedWithAKeyKeycloakAddedSinceStart_isAcceptedOnceTheFloorPassed() throws Exception {
    IdentitySettings settings = identity(keycloak.issuer(), keycloak.audience(), FLOOR);
    Broker broker = city.broker(settings, clock, audit, Optional.empty());
    String before = token();
    assertEquals(200, city.predict(broker, before, twinKey, clock).status());
    String rotation = admin.rotateRsaKey();
    try {
      String after = token();
      assertNotEquals(kid(before), kid(after));
      Answer tooSoon = city.predict(broker, after, twinKey, clock);
      assertEquals(401, tooSoon.status(), tooSoon.body().toString());
      assertEquals("token-unknown-key", tooSoon.problem());

      clock.advance(FLOOR);
      Answer accepted = city.predict(broker, after, twinKey, clock);

      assertEquals(200, accepted.status(), accepted.body().toString());
      assertEquals(200, city.predict(broker, before, twinKey, clock).status(), "the old key is still listed");
    } finally {
      admin.remove(rotation);
    }
  }

  @Test
  void call_whileKeycloakIsUnreachable_heldKeysWorkANewKeyIs503AndReadySaysSo() throws Exception {
    Relay relay = new Relay(city.vertx, URI.create(keycloak.url()).getPort());
    int port = relay.start();
    IdentitySettings settings = identity(keycloak.issuer(), keycloak.audience(), FLOOR);
    IdentityProvider provider = IdentityProviders.start(city.vertx, settings, clock, new HttpJwksSource(city.vertx,
        URI.create("http://127.0.0.1:" + port + URI.create(keycloak.issuer()).getPath() + HttpJwksSource.KEYCLOAK_CERTS),
        Duration.ofSeconds(5)));
    Broker broker = city.broker(provider, clock, audit, Optional.empty());
    assertEquals(200, city.predict(broker, token(), twinKey, clock).status());

    relay.stop();
    String rotation = null;
    try {
      clock.advance(FLOOR);
      assertEquals(200, city.predict(broker, token(), twinKey, clock).status(), "a key already held works");
      rotation = admin.rotateRsaKey();
      String needsNewKey = token();

      Answer unavailable = city.predict(broker, needsNewKey, twinKey, clock);

      assertEquals(503, unavailable.status(), unavailable.body().toString());
      assertEquals("application/problem+json", unavailable.headers().get("content-type"));
      assertEquals("identity-unavailable", unavailable.problem());
      JsonObject down = identityCheck(broker);
      assertFalse(down.getBoolean("reachable"), down.encode());
      assertTrue(down.containsKey("last_failure"), down.encode());
      assertTrue(down.getInteger("keys") > 0, "the keys held stay: " + down.encode());

      relay.start();
      clock.advance(FLOOR);
      Answer back = city.predict(broker, needsNewKey, twinKey, clock);

      assertEquals(200, back.status(), back.body().toString());
      assertTrue(identityCheck(broker).getBoolean("reachable"));
    } finally {
      if (rotation != null) {
        admin.remove(rotation);
      }
      relay.stop();
    }
  }
}
