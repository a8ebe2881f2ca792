package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.await;
import static io.twinguard.tests.identity.TokenEcosystem.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.Broker;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.registry.AuthMethod;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.serve.IdentityProviders;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.signing.ca.CertificateAuthority;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 8705 at the broker: {@code fire-system} asks the real Keycloak for a token over its HTTPS
 * listener with its certificate and calls the broker with {@code Authorization: Bearer} over the
 * same certificate. The broker here trusts the CA Keycloak trusts for client certificates (the
 * test CA of {@code scripts/keycloak.sh}), so one certificate serves both. The twins behind the
 * broker do not run: authentication is shown by the decision record naming the twin, whatever
 * the call comes to afterwards.
 */
class BrokerCertificateBoundTokenTest {

  private static final String FIRE = "spiffe://city.example/twin/fire-system";
  private static final String PREDICT = "/v1/twins/hvac-room-12/model/thermal/predict";

  private static TestKeycloak keycloak;
  private static Vertx vertx;
  private static PolicyEngine engine;
  private static final RecordingAuditTrail audit = new RecordingAuditTrail();
  private static Broker broker;

  @BeforeAll
  static void start() throws Exception {
    keycloak = TestKeycloak.running();
    vertx = Vertx.vertx();
    Instant now = Instant.now().minusSeconds(60);
    X509Certificate caCertificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(keycloak.clientCaCertificate())));
    TrustDomain domain = new TrustDomain("city.example");
    CertificateAuthority ca = new CertificateAuthority(domain,
        Keys.keyPairOf(Keys.readPrivateKey(keycloak.clientCaKey(), null)), caCertificate);
    KeyPair brokerKeys = Keys.generate(KeyAlgorithm.ECDSA_P256);
    BrokerIdentity identity = new BrokerIdentity(Ecosystem.BROKER_ID, brokerKeys.getPrivate(),
        ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), SpiffeId.parse(Ecosystem.BROKER_ID),
            brokerKeys.getPublic(), now, Duration.ofHours(1)),
        new TrustMaterial(domain, caCertificate, ca.crl(Map.of(), BigInteger.ONE, now, now.plus(Duration.ofHours(1)))));
    Registry registry = Ecosystem.create(Clock.systemUTC()).declaredRegistry();
    Twin fire = registry.twin("fire-system").orElseThrow();
    registry = registry.with(new Twin(fire.id(), fire.name(), fire.org(), fire.twinClass(), fire.endpoint(),
        fire.blocks(), EnumSet.of(AuthMethod.MTLS, AuthMethod.TOKEN), Optional.of("city-safety")));
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
    broker = await(Broker.start(vertx,
        new Broker.Parts(identity, Catalog.of(registry), FixtureConsents.none(), engine, audit, Optional.empty(),
            List.of(), List.of(), Optional.empty(), IdentityProviders.start(vertx, identity(keycloak.issuer(), keycloak.audience(),
                Duration.ofSeconds(10)), Clock.systemUTC())),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of()).listening("127.0.0.1", 0), Clock.systemUTC()));
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  private static TwinCertificate twin(String spiffeId) throws Exception {
    return TwinCertificate.issue(keycloak.clientCaKey(), keycloak.clientCaCertificate(),
        keycloak.serverCaCertificate(), spiffeId);
  }

  private static HttpResponse<String> call(SSLContext tls, String authorization) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + broker.port() + PREDICT))
        .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
        .header("Twin-Purpose", "dpv:ServiceProvision").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"outdoor_c\":4.0}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject record(HttpResponse<String> answer) {
    String id = answer.headers().firstValue("Twin-Decision-Id").orElseThrow();
    return audit.records.stream().filter(r -> id.equals(r.getString("decision_id"))).findFirst().orElseThrow();
  }

  @Test
  void call_tokenBoundToTheCertificateItComesWith_isAuthenticatedAsTheTwin() throws Exception {
    TwinCertificate fire = twin(FIRE);
    String token = keycloak.certificateBoundToken("city-safety", fire);

    HttpResponse<String> answer = call(fire.tls(), "Bearer " + token);

    JsonObject record = record(answer);
    assertEquals(FIRE, record.getString("caller"), answer.body());
    String problem = record.getString("problem", "");
    assertTrue(!problem.contains("/token-") && !problem.contains("/auth-") && !problem.contains("/unauthenticated"),
        answer.body());
  }

  @Test
  void call_tokenBoundToAnotherCertificate_isTokenCertificateMismatch() throws Exception {
    String token = keycloak.certificateBoundToken("city-safety", twin(FIRE));

    HttpResponse<String> answer = call(twin(FIRE).tls(), "Bearer " + token);

    assertEquals(401, answer.statusCode(), answer.body());
    assertEquals("https://twinguard.io/problems/token-certificate-mismatch",
        new JsonObject(answer.body()).getString("type"));
  }
}
