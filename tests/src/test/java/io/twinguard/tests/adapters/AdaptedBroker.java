package io.twinguard.tests.adapters;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.StandardAdapters;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.broker.Broker;
import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.common.settings.AdapterSettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A broker as {@code twinguard serve} builds it, with the standard adapter types: the example
 * ecosystem on loopback (mutual TLS, its CA, the bundled Rego policies evaluated in-process,
 * signatures both ways) plus twins reached through adapters, declared as in the registry file and
 * validated by the adapter types. The audit trail is in memory and checks every record against the
 * audit log's schema.
 */
final class AdaptedBroker {

  static final Clock CLOCK = Clock.systemUTC();
  /** The caller of every test: the Room twin (org city-buildings). */
  static final String ROOM = "room-12";
  static final String PURPOSE = "dpv:ServiceOptimisation";

  final Vertx vertx = Vertx.vertx();
  final Ecosystem ecosystem = Ecosystem.create(CLOCK);
  final RecordingAuditTrail audit = new RecordingAuditTrail();
  final Adapters adapters;
  /** The policy engine in force: each decision, of a call or of an event, asks the one set last. */
  private final AtomicReference<PolicyEngine> engine = new AtomicReference<>();
  final Broker broker;
  final TwinClient room;
  final TwinClient admin;

  /**
   * Starts the ecosystem's twins and a broker whose registry also holds {@code adapted} (each a
   * twin's declaration as in the registry file, its adapter started as at {@code serve}).
   *
   * @param store where the sandbox keeps its copies of model artefacts
   */
  AdaptedBroker(Path store, JsonObject... adapted) throws Exception {
    this(store, BundleFiles.bundled(), adapted);
  }

  /** As above, deciding with the bundle of {@code bundleFiles} until {@link #policies} changes it. */
  AdaptedBroker(Path store, Map<String, byte[]> bundleFiles, JsonObject... adapted) throws Exception {
    AdapterSettings defaults = TwinguardSettings.defaults().adapters();
    adapters = StandardAdapters.create(new StandardAdapters.Options(
        new SandboxOptions(defaults.bwrap(), defaults.strace(), defaults.prlimit(), store), python()));
    Registry registry = await(ecosystem.startTwins(vertx)).registry();
    for (int i = 0; i < adapted.length; i++) {
      registry = registry.with(RegistryCodec.twinFromJson(adapted[i], "twins[" + i + "]", adapters));
    }
    Map<String, Adapter> running = await(new TwinAdapters(vertx, adapters).start(registry));
    policies(bundleFiles);
    PolicyEngine current = new PolicyEngine() {
      @Override
      public Future<Decision> decide(JsonObject input) {
        return engine.get().decide(input);
      }

      @Override
      public String revision() {
        return engine.get().revision();
      }

      @Override
      public void close() {
        engine.get().close();
      }
    };
    broker = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(registry, running),
            FixtureConsents.parseYaml(Ecosystem.consentFixtures()), current, audit, Optional.empty(), List.of(), List.of(), Optional.empty(), adapters),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        CLOCK));
    room = new TwinClient(vertx, ecosystem, ROOM, broker.port(), CLOCK);
    admin = new TwinClient(vertx, ecosystem, Ecosystem.ADMIN, broker.port(), CLOCK);
  }

  /**
   * Puts the bundle of {@code files} in force, as a bundle reload does: the next decision, of a call
   * or of an open subscription's next event, is made with it.
   */
  void policies(Map<String, byte[]> files) throws Exception {
    PolicyEngine next = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(files),
        TwinguardSettings.defaults().policy().timeout()));
    PolicyEngine previous = engine.getAndSet(next);
    if (previous != null) {
      previous.close();
    }
  }

  /**
   * The bundled policies with {@code operation} added to the operations allowed on another org's
   * proprietary block (data {@code twinguard.config.black_box_operations}), under a revision of its own.
   */
  static Map<String, byte[]> bundledAllowing(String operation) {
    Map<String, byte[]> files = new HashMap<>(BundleFiles.bundled());
    JsonObject data = new JsonObject(Buffer.buffer(files.get("data.json")));
    data.getJsonObject("twinguard").getJsonObject("config").getJsonArray("black_box_operations").add(operation);
    files.put("data.json", data.toBuffer().getBytes());
    JsonObject manifest = new JsonObject(Buffer.buffer(files.get(".manifest")));
    files.put(".manifest", manifest.put("revision", manifest.getString("revision") + "+" + operation).toBuffer().getBytes());
    return files;
  }

  /** The Python with fmpy and pythonfmu (surefire's {@code twinguard.python}), which the fmu adapter runs. */
  static Path python() {
    return Path.of(System.getProperty("twinguard.python", "python3"));
  }

  /** A signed call by the Room twin for {@link #PURPOSE}: {@code path} is {@code twin/kind/block/operation}. */
  TwinClient.Answer call(String path, JsonObject payload) throws Exception {
    return await(room.call(path, PURPOSE, null, payload, true));
  }

  /** Puts {@code twin} (a registry declaration) through the admin API. */
  TwinClient.Answer put(String name, JsonObject twin) throws Exception {
    return await(admin.request(HttpMethod.PUT, AdminApi.PREFIX + "/twins/" + name, twin));
  }

  /** The record of the call that had this decision id. */
  JsonObject record(String decisionId) {
    return audit.records.stream().filter(r -> decisionId.equals(r.getString("decision_id"))).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no record of " + decisionId + " among " + audit.records.size()));
  }

  /** The record of the call that {@code answer} answered (its Twin-Decision-Id). */
  JsonObject record(TwinClient.Answer answer) {
    String id = answer.headers().get("twin-decision-id");
    if (id == null) {
      throw new AssertionError("no Twin-Decision-Id on the answer " + answer.status() + " " + answer.body());
    }
    return record(id);
  }

  /** Closes the clients, the adapters, the policy engine and Vert.x (the broker and the twins with it). */
  void close() throws Exception {
    room.close();
    admin.close();
    await(TwinAdapters.closeAll(broker.catalog()));
    engine.get().close();
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
