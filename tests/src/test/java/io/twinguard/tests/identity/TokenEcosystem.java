package io.twinguard.tests.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.Broker;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.registry.AuthMethod;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.serve.IdentityProviders;
import io.twinguard.common.settings.IdentitySettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The example ecosystem on loopback (fresh CA, twins serving HTTPS, bundled policies) with some
 * twins declared for tokens of the real Keycloak, and brokers on it that accept the realm's tokens:
 * {@code room-12} may come with a certificate or a token of {@code city-buildings}, {@code
 * elevator-a} with a token of {@code lift-co} only, {@code hvac-room-12} names its client {@code
 * hvac-co} but may come with its certificate only, and no twin names {@code acme-corp}. The client
 * here presents no certificate, only what a test puts in the headers.
 */
final class TokenEcosystem {

  /** A call the bundled policies allow to {@code room-12}: the HVAC twin's thermal model. */
  static final String PREDICT = "/v1/twins/hvac-room-12/model/thermal/predict";

  final Vertx vertx = Vertx.vertx();
  final Ecosystem ecosystem = Ecosystem.create(Clock.systemUTC());
  final Registry registry;
  final PolicyEngine engine;
  private final WebClient client;

  TokenEcosystem() throws Exception {
    Registry running = await(ecosystem.startTwins(vertx)).registry();
    running = declare(running, "room-12", EnumSet.of(AuthMethod.MTLS, AuthMethod.TOKEN), "city-buildings");
    running = declare(running, "elevator-a", EnumSet.of(AuthMethod.TOKEN), "lift-co");
    registry = declare(running, "hvac-room-12", EnumSet.of(AuthMethod.MTLS), "hvac-co");
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustOptions(ecosystem.caTrustOptions()));
  }

  private static Registry declare(Registry registry, String name, Set<AuthMethod> auth, String clientId) {
    Twin twin = registry.twin(name).orElseThrow();
    return registry.with(new Twin(twin.id(), twin.name(), twin.org(), twin.twinClass(), twin.endpoint(),
        twin.blocks(), auth, Optional.of(clientId)));
  }

  /** The identity settings of a broker trusting the realm at {@code realmUrl} for {@code audience}. */
  static IdentitySettings identity(String realmUrl, String audience, Duration refetchFloor) {
    IdentitySettings defaults = TwinguardSettings.defaults().identity();
    return new IdentitySettings(Optional.of(URI.create(realmUrl)), audience, (int) refetchFloor.toSeconds(),
        defaults.jwksRefreshS(), defaults.jwksTimeoutMs(), defaults.clockSkewS(), defaults.dpopProofLifetimeS(),
        defaults.dpopReplayCapacity());
  }

  /** A broker with the identity provider {@code serve} makes from {@code identity}, on {@code clock}. */
  Broker broker(IdentitySettings identity, Clock clock, AuditTrail audit, Optional<AuditLog> log) throws Exception {
    return broker(IdentityProviders.start(vertx, identity, clock).orElseThrow(), clock, audit, log);
  }

  /** A broker accepting the tokens of {@code provider}; the administrator is {@link Ecosystem#ADMIN_ID}. */
  Broker broker(IdentityProvider provider, Clock clock, AuditTrail audit, Optional<AuditLog> log) throws Exception {
    return await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(registry), FixtureConsents.parseYaml(Ecosystem.consentFixtures()),
            engine, audit, log, List.of(), List.of(), Optional.empty(), Optional.of(provider)),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0), clock));
  }

  /** What the broker answered. */
  record Answer(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    /** The problem type's slug, {@code token-expired} for {@code https://twinguard.io/problems/token-expired}. */
    String problem() {
      String type = json().getString("type");
      return type.substring(type.lastIndexOf('/') + 1);
    }

    String decisionId() {
      return headers.get("Twin-Decision-Id");
    }
  }

  /** The thermal model call of {@link #PREDICT} with {@code token} and a proof made at {@code clock}'s now. */
  Answer predict(Broker broker, String token, ECKey proofKey, Clock clock) throws Exception {
    String uri = uri(broker, PREDICT);
    return predict(broker, "DPoP " + token, TestKeycloak.proof(proofKey, "POST", URI.create(uri), clock.instant(), token));
  }

  /** The thermal model call with this {@code Authorization} value and DPoP proof (none when null). */
  Answer predict(Broker broker, String authorization, String proof) throws Exception {
    HttpRequest<Buffer> request = client.postAbs(uri(broker, PREDICT)).putHeader("Twin-Purpose", "dpv:ServiceProvision")
        .putHeader("content-type", "application/json");
    return send(headers(request, authorization, proof), new JsonObject().put("outdoor_c", 4.0).put("occupants", 2));
  }

  /** GET {@code path} of the broker with {@code token} and a proof made at {@code clock}'s now. */
  Answer get(Broker broker, String path, String token, ECKey proofKey, Clock clock) throws Exception {
    String uri = uri(broker, path);
    return send(headers(client.getAbs(uri),
        token == null ? null : "DPoP " + token,
        token == null ? null : TestKeycloak.proof(proofKey, "GET", URI.create(uri), clock.instant(), token)), null);
  }

  static String uri(Broker broker, String path) {
    return "https://127.0.0.1:" + broker.port() + path;
  }

  private static HttpRequest<Buffer> headers(HttpRequest<Buffer> request, String authorization, String proof) {
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (proof != null) {
      request.putHeader("DPoP", proof);
    }
    return request;
  }

  private static Answer send(HttpRequest<Buffer> request, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = await(body == null ? request.send() : request.sendBuffer(body.toBuffer()));
    return new Answer(response.statusCode(), response.headers(),
        response.body() == null ? Buffer.buffer() : response.body());
  }

  /** Stops the brokers, the twins and Vert.x. */
  void close() throws Exception {
    engine.close();
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  /** A fresh P-256 key for a twin's DPoP proofs or client assertion. */
  static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
