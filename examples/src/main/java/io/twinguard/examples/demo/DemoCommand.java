package io.twinguard.examples.demo;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.VerifyReport;
import io.twinguard.broker.Broker;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.serve.ConsentWiring;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard demo}: the smart-city ecosystem on embedded defaults. A fresh ecosystem CA, the
 * example twins on loopback, the bundled policies in-process, the audit log on an embedded
 * PostgreSQL, the consent service on the log's database with Ada's consents given as real records
 * (as {@code twinguard serve} wires it, without the portal); the broker plays allowed, denied, redacted and arbitrated calls, then verifies the
 * audit log. Exits 0 when every call got the answer the policies require and the log verifies.
 * The demo takes the default settings (those of {@code twinguard serve --print-config} before any
 * file or variable): TWINGUARD_* variables are ignored, so that it never writes to a real log.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the smart-city demo on embedded defaults and print a short report.")
public final class DemoCommand implements Callable<Integer> {

  /** The data subject of the demo's calls. */
  static final String SUBJECT = "citizen-ada";

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the audit log's embedded PostgreSQL here (default: a fresh temporary directory).")
  Path dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("twinguard-demo");
    Clock clock = Clock.systemUTC();
    Vertx vertx = Vertx.vertx();
    try {
      return play(vertx, dir, clock, out);
    } finally {
      await(vertx.close());
      if (dataDir == null) {
        deleteQuietly(dir);
      }
    }
  }

  private int play(Vertx vertx, Path dir, Clock clock, PrintWriter out) throws Exception {
    out.println("twinguard demo: the smart city on loopback");
    Ecosystem ecosystem = Ecosystem.create(clock);
    Ecosystem.Running twins = await(ecosystem.startTwins(vertx));
    out.printf("  %d example twins up, each with an X.509-SVID of a fresh ecosystem CA%n", twins.servers().size());
    TwinguardSettings settings = SettingsLoader.defaults().environment(Map.of())
        .option("data_dir", "--data-dir", dir.toString()).load().settings();
    PolicyEngine engine = await(InProcessPolicyEngine.start(
        vertx, Bundle.fromFiles(BundleFiles.bundled()), settings.policy().timeout()));
    out.printf("  policies: bundle %s evaluated in-process (Wasm)%n", engine.revision());
    out.println("  audit log: starting an embedded PostgreSQL (the first start unpacks it: a few seconds)");
    AuditLog log = await(AuditLog.open(vertx, LogConfig.from(settings)));
    Catalog catalog = Catalog.of(twins.registry());
    ConsentWiring consent = await(ConsentWiring.open(vertx, settings, ecosystem.broker(), log, () -> catalog, clock));
    int seeded = await(DemoConsents.seed(consent.service(), Ecosystem.consentFixtures()));
    out.printf("  consents: %d records given by %s through the consent service (signed receipts, in the audit log)%n",
        seeded, SUBJECT);
    Broker broker = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), catalog, consent.source(), engine, log),
        Broker.Tuning.of(settings, Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        clock));
    out.printf("  broker listening on https://127.0.0.1:%d (TLS 1.3, client certificates)%n%n", broker.port());

    Map<String, TwinClient> clients = new HashMap<>();
    int failures = 0;
    for (Scenario scenario : Scenario.script()) {
      TwinClient client = clients.computeIfAbsent(scenario.caller(),
          name -> new TwinClient(vertx, ecosystem, name, broker.port(), clock));
      TwinClient.Answer answer = await(client.call(scenario.path(), scenario.purpose(), scenario.subjects(),
          scenario.payload(), scenario.sign()));
      boolean expected = answer.status() == scenario.expectedStatus();
      failures += expected ? 0 : 1;
      out.printf("%s %s %s%n", scenario.useCase(), expected ? "ok  " : "FAIL", scenario.story());
      out.printf("         -> %d %s%n", answer.status(), summary(answer));
    }

    out.printf("%nrequests waiting for %s's answer in the consent portal: %d (made by denials for missing consent)%n",
        SUBJECT, await(DemoConsents.waiting(consent.service(), SUBJECT)));
    VerifyReport report = await(log.verify());
    out.printf("audit log: %d records, %d signed checkpoints, %s%n", report.leaves(), report.checkpoints(),
        report.intact() ? "verified (every leaf, every checkpoint signature and consistency)" : "BROKEN: " + report.problems());
    out.printf("verifier key: %s%n", log.verifierKey().encode());
    clients.values().forEach(TwinClient::close);
    await(broker.stop());
    engine.close();
    await(consent.close());
    await(log.close());
    await(twins.stop());
    boolean ok = failures == 0 && report.intact();
    out.println(ok ? "demo: every call got the answer the policies require" : "demo: " + failures + " call(s) got an unexpected answer");
    out.flush();
    return ok ? 0 : 1;
  }

  private static String summary(TwinClient.Answer answer) {
    JsonObject json;
    try {
      json = answer.json();
    } catch (RuntimeException e) {
      return "(" + answer.body().length() + " bytes)";
    }
    if (json.containsKey("type") && json.containsKey("detail")) {
      return json.getString("title") + ": " + json.getString("detail");
    }
    return json.encode();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("demo: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
