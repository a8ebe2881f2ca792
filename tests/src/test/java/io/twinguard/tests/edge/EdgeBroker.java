package io.twinguard.tests.edge;

import io.twinguard.broker.Broker;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.Twin;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The broker as an attacker meets it: the example ecosystem on loopback, the bundled policies, an
 * audit trail in memory that checks every record against the schema, and, behind the broker, the
 * HVAC and building twins replaced by servers with their certificates that only count what reaches
 * them (the decision ids of forwarded calls) and answer {@code {}}.
 */
final class EdgeBroker {

  static final Clock CLOCK = Clock.systemUTC();

  final Vertx vertx = Vertx.vertx();
  final Ecosystem ecosystem = Ecosystem.create(CLOCK);
  final RecordingAuditTrail audit = new RecordingAuditTrail();
  /** The decision ids of the calls that reached a target. */
  final Set<String> forwarded = ConcurrentHashMap.newKeySet();
  final PolicyEngine engine;
  final Broker broker;

  EdgeBroker() throws Exception {
    Ecosystem.Running twins = await(ecosystem.startTwins(vertx));
    Registry registry = twins.registry();
    for (String name : List.of("hvac-room-12", "building-hq")) {
      HttpServer counting = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
              .setSsl(true).setKeyCertOptions(ecosystem.twin(name).keyCertOptions())
              .setTrustOptions(ecosystem.caTrustOptions()).setClientAuth(ClientAuth.REQUIRED))
          .requestHandler(request -> {
            String id = request.getHeader("Twin-Decision-Id");
            if (id != null) {
              forwarded.add(id);
            }
            request.response().putHeader("content-type", "application/json").end(new JsonObject().encode());
          })
          .listen());
      Twin twin = registry.twin(name).orElseThrow();
      registry = registry.with(new Twin(twin.id(), twin.name(), twin.org(), twin.twinClass(),
          URI.create("https://127.0.0.1:" + counting.actualPort()), twin.blocks()));
    }
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
        TwinguardSettings.defaults().policy().timeout()));
    broker = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(registry),
            FixtureConsents.parseYaml(Ecosystem.consentFixtures()), engine, audit),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        CLOCK));
  }

  int port() {
    return broker.port();
  }

  RawHttps client(String twin) throws Exception {
    return new RawHttps(ecosystem, twin, broker.port());
  }

  /** A signer for {@code twin}'s calls (its WebClient is not used). */
  TwinClient signer(String twin) {
    return new TwinClient(vertx, ecosystem, twin, broker.port(), CLOCK);
  }

  /** Whether a record with this decision id was appended. */
  boolean recorded(String decisionId) {
    return audit.records.stream().anyMatch(r -> decisionId.equals(r.getString("decision_id")));
  }

  /** The bytes of an HTTP/1.1 request; {@code headers} are name, value pairs in order. */
  static byte[] request(String method, String target, List<String[]> headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Stops the broker, the twins and Vert.x. */
  void close() throws Exception {
    engine.close();
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
