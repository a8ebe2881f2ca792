package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.await;
import static io.twinguard.tests.identity.TokenEcosystem.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.broker.Broker;
import io.twinguard.broker.access.ApiAccess;
import io.twinguard.broker.access.Role;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.serve.IdentityProviders;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.tests.identity.TokenEcosystem.Answer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's own APIs by realm role, with people who logged in to the real Keycloak through the
 * web pages' client (authorization code with PKCE, DPoP-bound tokens): otto (operator) may use
 * {@code /v1/admin}, audrey (auditor) {@code /v1/audit}, paula (policy-author) what requires that
 * role; everyone else is refused with {@code role-required}, recorded in the real audit log with
 * the asker's pseudonymous id. The administrators' certificate keeps working.
 */
class BrokerRolesTest {

  @TempDir static Path dir;

  private static final Clock CLOCK = Clock.systemUTC();
  private static final Map<String, ECKey> KEYS = new HashMap<>();

  private static TestKeycloak keycloak;
  private static TokenEcosystem city;
  private static Broker broker;
  private static IdentityProvider provider;

  @BeforeAll
  static void start() throws Exception {
    keycloak = TestKeycloak.running();
    city = new TokenEcosystem();
    AuditLog log = await(AuditLog.open(city.vertx, LogConfig.embeddedIn(dir.resolve("audit"))));
    provider = IdentityProviders.start(city.vertx, identity(keycloak.issuer(), keycloak.audience(),
        Duration.ofSeconds(10)), CLOCK).orElseThrow();
    broker = city.broker(provider, CLOCK, new LogAuditTrail(log), Optional.of(log));
    for (String user : List.of("otto", "audrey", "paula", "alice")) {
      KEYS.put(user, new ECKeyGenerator(Curve.P_256).generate());
    }
  }

  /** A fresh login, so that no token outlives its five minutes however slow the run. */
  private static String token(String user) throws Exception {
    return BrowserLogin.token(keycloak, user, KEYS.get(user));
  }

  @AfterAll
  static void stop() throws Exception {
    city.close();
  }

  private static Answer get(String user, String path) throws Exception {
    return city.get(broker, path, token(user), KEYS.get(user), CLOCK);
  }

  private static String holder(String user) throws Exception {
    return "user:" + SignedJWT.parse(token(user)).getJWTClaimsSet().getSubject();
  }

  private static void assertRoleRequired(Answer answer) {
    assertEquals(403, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    assertEquals("role-required", answer.problem());
  }

  @Test
  void adminApi_operator_readsTheRegistry() throws Exception {
    Answer answer = get("otto", "/v1/admin/registry");

    assertEquals(200, answer.status(), answer.body().toString());
    assertTrue(answer.json().getJsonArray("twins").size() > 0);
  }

  @Test
  void adminApi_auditorPolicyAuthorOrCitizen_isRoleRequired() throws Exception {
    for (String user : List.of("audrey", "paula", "alice")) {
      assertRoleRequired(get(user, "/v1/admin/mode"));
    }
  }

  @Test
  void auditApi_auditor_readsTheRecordOfARefusalNamingTheAsker() throws Exception {
    Answer refused = get("alice", "/v1/audit/records");
    assertRoleRequired(refused);

    Answer found = get("audrey", "/v1/audit/records?decision_id=" + refused.json().getString("instance"));

    assertEquals(200, found.status(), found.body().toString());
    JsonArray records = found.json().getJsonArray("records");
    assertEquals(1, records.size(), found.body().toString());
    JsonObject record = records.getJsonObject(0).getJsonObject("record");
    assertEquals(holder("alice"), record.getString("caller"));
    assertEquals("https://twinguard.io/problems/role-required", record.getString("problem"));
  }

  @Test
  void auditApi_operatorOrPolicyAuthor_isRoleRequired() throws Exception {
    assertRoleRequired(get("otto", "/v1/audit/checkpoint"));
    assertRoleRequired(get("paula", "/v1/audit/records"));
  }

  @Test
  void adminApi_noCredentials_isUnauthenticatedWithTheChallenge() throws Exception {
    Answer answer = city.get(broker, "/v1/admin/registry", null, null, CLOCK);

    assertEquals(401, answer.status(), answer.body().toString());
    assertEquals("unauthenticated", answer.problem());
    assertEquals("DPoP algs=\"ES256 EdDSA\", Bearer realm=\"twinguard\"", answer.headers().get("WWW-Authenticate"));
  }

  @Test
  void adminApi_administratorsCertificate_stillWorks() throws Exception {
    TwinClient admin = new TwinClient(city.vertx, city.ecosystem, Ecosystem.ADMIN, broker.port(), CLOCK);
    try {
      assertEquals(200, await(admin.get("/v1/admin/registry")).status());
    } finally {
      admin.close();
    }
  }

  @Test
  void require_policyAuthor_letsPaulaInAndNoOneElse() throws Exception {
    // the policy endpoints come with the policy-lifecycle work; they use this same gate
    ApiAccess access = new ApiAccess(city.ecosystem.broker(), Set.of(), Optional.of(provider), CLOCK);
    Router router = Router.router(city.vertx);
    router.route("/policies/*").handler(access.require(Role.POLICY_AUTHOR, (ctx, refusal) -> ctx.response()
        .setStatusCode(refusal.problem().status()).end(refusal.problem().type().type().toString())));
    router.route().handler(ctx -> ctx.response().end(ApiAccess.caller(ctx).id()));
    HttpServer server = await(city.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    WebClient plain = WebClient.create(city.vertx);
    try {
      String uri = "http://127.0.0.1:" + server.actualPort() + "/policies/bundles";
      Map<String, Integer> statuses = new HashMap<>();
      for (String user : List.of("paula", "otto", "audrey", "alice")) {
        String token = token(user);
        HttpResponse<Buffer> response = await(plain.getAbs(uri).putHeader("Authorization", "DPoP " + token)
            .putHeader("DPoP", TestKeycloak.proof(KEYS.get(user), "GET", URI.create(uri), CLOCK.instant(), token))
            .send());
        statuses.put(user, response.statusCode());
        if (user.equals("paula")) {
          assertEquals(holder("paula"), response.bodyAsString());
        }
      }

      assertEquals(Map.of("paula", 200, "otto", 403, "audrey", 403, "alice", 403), statuses);
    } finally {
      plain.close();
      await(server.close());
    }
  }
}
