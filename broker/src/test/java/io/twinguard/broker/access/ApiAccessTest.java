package io.twinguard.broker.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.jwk.ECKey;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.MutableClock;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.fixtures.TestRealm;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.server.Refuse;
import io.twinguard.signing.testing.DpopProofs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role gate of the broker's own APIs over a real HTTP server (no TLS here, so no certificate):
 * tokens of an identity provider in memory with and without the role, none, and the wrong kind.
 * The refusal writer of this test answers with the problem's status and type and the challenge.
 */
class ApiAccessTest {

  private static final TestPki PKI = new TestPki(Calls.NOW);

  private final MutableClock clock = new MutableClock(Calls.NOW);
  private final TestRealm realm = new TestRealm();
  private final IdentityProvider provider = realm.provider(clock, Duration.ofSeconds(10));
  private final ECKey proofKey = TestRealm.proofKey();
  private final Map<String, String> askers = new ConcurrentHashMap<>();
  private Vertx vertx;
  private WebClient client;
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    ApiAccess withTokens = new ApiAccess(PKI.broker(), Set.of(), Optional.of(provider), clock);
    ApiAccess certificatesOnly = new ApiAccess(PKI.broker(), Set.of(), Optional.empty(), clock);
    Router router = Router.router(vertx);
    router.route("/ops/*").handler(withTokens.require(Role.OPERATOR, this::refuse));
    router.route("/certificates/*").handler(certificatesOnly.require(Role.OPERATOR, this::refuse));
    router.route().handler(ctx -> ctx.response().end(ApiAccess.caller(ctx).id()));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private void refuse(RoutingContext ctx, Refusal refusal) {
    String asker = ctx.get(Refuse.CALLER);
    if (asker != null) {
      askers.put(ctx.request().path(), asker);
    }
    ctx.response().setStatusCode(refusal.problem().status()).putHeader("problem", refusal.problem().type().type()
        .toString());
    if (refusal instanceof Refusal.Identity identity) {
      identity.reason().challenge().ifPresent(c -> ctx.response().putHeader("WWW-Authenticate", c));
    }
    ctx.response().end();
  }

  private HttpResponse<Buffer> get(String path, List<String> roles) throws Exception {
    String token = realm.dpopToken("ops-script", "u-7", proofKey, clock.instant(), roles);
    String uri = "http://127.0.0.1:" + port + path;
    return send(client.getAbs(uri).putHeader("Authorization", "DPoP " + token)
        .putHeader("DPoP", DpopProofs.proof(proofKey, "GET", uri, clock.instant(), token)));
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request) throws Exception {
    return request.send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void require_tokenWithTheRole_passesOnNamingTheHolder() throws Exception {
    HttpResponse<Buffer> response = get("/ops/registry", List.of("operator"));

    assertEquals(200, response.statusCode());
    assertEquals("user:u-7", response.bodyAsString());
  }

  @Test
  void require_tokenWithAnotherRole_isRoleRequiredNamingTheAsker() throws Exception {
    HttpResponse<Buffer> response = get("/ops/registry", List.of("auditor", "citizen"));

    assertEquals(403, response.statusCode());
    assertEquals("https://twinguard.io/problems/role-required", response.getHeader("problem"));
    assertEquals("user:u-7", askers.get("/ops/registry"));
    assertNull(response.getHeader("WWW-Authenticate"));
  }

  @Test
  void require_noCredentials_isUnauthenticatedWithAChallenge() throws Exception {
    HttpResponse<Buffer> response = send(client.get(port, "127.0.0.1", "/ops/registry"));

    assertEquals(401, response.statusCode());
    assertEquals("https://twinguard.io/problems/unauthenticated", response.getHeader("problem"));
    assertEquals("DPoP algs=\"ES256 EdDSA\", Bearer realm=\"twinguard\"", response.getHeader("WWW-Authenticate"));
  }

  @Test
  void require_bearerTokenWithoutBinding_isTokenUnboundWithAChallenge() throws Exception {
    HttpResponse<Buffer> response = send(client.get(port, "127.0.0.1", "/ops/registry")
        .putHeader("Authorization", "Bearer " + realm.bearerToken("ops-script", clock.instant())));

    assertEquals(401, response.statusCode());
    assertEquals("https://twinguard.io/problems/token-unbound", response.getHeader("problem"));
    assertEquals("DPoP error=\"invalid_token\", algs=\"ES256 EdDSA\", Bearer realm=\"twinguard\", error=\"invalid_token\"",
        response.getHeader("WWW-Authenticate"));
  }

  @Test
  void require_proofForAnotherUri_isDpopRequestMismatch() throws Exception {
    String token = realm.dpopToken("ops-script", "u-7", proofKey, clock.instant(), List.of("operator"));

    HttpResponse<Buffer> response = send(client.get(port, "127.0.0.1", "/ops/registry")
        .putHeader("Authorization", "DPoP " + token)
        .putHeader("DPoP", DpopProofs.proof(proofKey, "GET", "http://127.0.0.1:" + port + "/ops/mode",
            clock.instant(), token)));

    assertEquals(401, response.statusCode());
    assertEquals("https://twinguard.io/problems/dpop-request-mismatch", response.getHeader("problem"));
  }

  @Test
  void require_tokenWithoutIdentityProvider_isUnauthenticated() throws Exception {
    HttpResponse<Buffer> response = get("/certificates/registry", List.of("operator"));

    assertEquals(401, response.statusCode());
    assertEquals("https://twinguard.io/problems/unauthenticated", response.getHeader("problem"));
    assertNull(response.getHeader("WWW-Authenticate"));
  }

  @Test
  void has_administrator_holdsEveryRoleButCitizen() {
    ApiCaller admin = new ApiCaller.Administrator("spiffe://test.example/admin");

    assertEquals(List.of(Role.AUDITOR, Role.POLICY_AUTHOR, Role.OPERATOR),
        List.of(Role.values()).stream().filter(admin::has).toList());
    assertEquals(List.of(), List.of(Role.values()).stream()
        .filter(new ApiCaller.Certified("spiffe://test.example/twin/office")::has).toList());
  }

  @Test
  void wireName_isTheRealmsRoleName() {
    assertEquals(List.of("citizen", "auditor", "policy-author", "operator"),
        List.of(Role.values()).stream().map(Role::wireName).toList());
  }
}
