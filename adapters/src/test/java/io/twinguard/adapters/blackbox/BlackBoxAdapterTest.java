package io.twinguard.adapters.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.Models;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line black box, run for real in the bubblewrap sandbox. */
class BlackBoxAdapterTest extends AdapterContractTestBase {

  @TempDir
  static Path dir;

  private static Sandbox sandbox;

  @BeforeAll
  static void createSandbox() throws IOException {
    sandbox = Sandbox.create(new SandboxOptions(
        Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"), dir.resolve("store")));
  }

  private Adapter adapter(Vertx vertx, String name, String source, long timeoutMs, JsonObject schema, String... args) throws IOException {
    Path model = Files.exists(dir.resolve(name)) ? dir.resolve(name) : Models.write(dir, name, source);
    return Await.result(new BlackBoxFactory(sandbox).create(vertx, "spiffe://city.example/twin/hvac-room-12",
        Models.settings(model, timeoutMs, schema, args), "twins[0].adapter.settings"));
  }

  private AdapterFailure failureOf(String name, String source, long timeoutMs, String... args) throws IOException {
    Adapter adapter = adapter(vertx, name, source, timeoutMs, Models.prediction(), args);
    try {
      return Await.failure(adapter.call(validCall()));
    } finally {
      Await.result(adapter.close());
    }
  }

  @Override
  protected Adapter newAdapter(Vertx vertx) throws IOException {
    return adapter(vertx, "thermal", Models.WELL_BEHAVED, 10_000, Models.prediction());
  }

  @Override
  protected BlockCall validCall() {
    return Models.predict("{\"outdoor_c\": 4.0, \"occupants\": 3}");
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{\"occupants\": 3}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) throws IOException {
    return adapter(vertx, "crashing", Models.CRASHING, 10_000, Models.prediction());
  }

  @Override
  protected Class<? extends AdapterFailure> targetFailure() {
    return AdapterFailure.Crashed.class;
  }

  @Nested
  class WellBehaved {
    @Test
    void call_answersTheModelsOutput() throws IOException {
      Adapter adapter = newAdapter(vertx);

      AdapterResponse response = Await.result(adapter.call(validCall()));

      assertEquals(18.0 + 0.25 * 4.0 + 0.1 * 3, new JsonObject(new String(response.body(), StandardCharsets.UTF_8)).getDouble("predicted_c"));
      Await.result(adapter.close());
    }

    @Test
    void call_bindsTheSha256OfTheExecutable() throws Exception {
      Adapter adapter = newAdapter(vertx);

      AdapterResponse response = Await.result(adapter.call(validCall()));

      String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("thermal"))));
      assertEquals(expected, response.artefact().sha256());
      assertEquals("executable thermal", response.artefact().label());
      Await.result(adapter.close());
    }

    @Test
    void call_whenOwnersFileChangesAfterRegistration_stillRunsTheRegisteredCopy() throws IOException {
      Path model = Models.write(dir, "evolving", Models.WELL_BEHAVED);
      Adapter adapter = Await.result(new BlackBoxFactory(sandbox).create(vertx, "t",
          Models.settings(model, 10_000, Models.prediction()), "twins[0].adapter.settings"));
      AdapterResponse before = Await.result(adapter.call(validCall()));

      Models.write(dir, "evolving", Models.WRONG_TYPE);
      AdapterResponse after = Await.result(adapter.call(validCall()));

      assertEquals(before, after);
      Await.result(adapter.close());
    }
  }

  @Nested
  class Refusals {
    @Test
    void call_whenModelHangs_failsWithHung() throws IOException {
      assertEquals(new AdapterFailure.Hung(1_000), failureOf("hanging", Models.HANGING, 1_000));
    }

    @Test
    void call_whenModelSpinsTheCpu_failsWithHung() throws IOException {
      assertEquals(new AdapterFailure.Hung(1_000), failureOf("spinning", Models.SPINNING, 1_000));
    }

    @Test
    void call_whenModelExitsNonZero_failsWithCrashedAndNoneOfItsStderr() throws IOException {
      AdapterFailure failure = failureOf("crashing", Models.CRASHING, 10_000);

      assertEquals(new AdapterFailure.Crashed(3), failure);
      assertFalse(failure.detail().contains("secret"));
    }

    @Test
    void call_whenModelSegfaults_failsWithCrashed() throws IOException {
      assertEquals(new AdapterFailure.Crashed(128 + 11), failureOf("segfaulting", Models.SEGFAULTING, 10_000));
    }

    @Test
    void call_whenModelWantsTooMuchMemory_failsWithMemoryExceeded() throws IOException {
      assertEquals(new AdapterFailure.MemoryExceeded(256L << 20), failureOf("hungry", Models.MEMORY_HUNGRY, 10_000));
    }

    @Test
    void call_whenModelFloodsStdout_failsWithOutputTooLarge() throws IOException {
      assertEquals(new AdapterFailure.OutputTooLarge(4096), failureOf("flooding", Models.FLOODING, 10_000));
    }

    @Test
    void call_whenModelConnectsToAServerOnThisHost_failsWithNetworkAttemptAndNothingArrives() throws IOException {
      AtomicInteger connections = new AtomicInteger();
      HttpServer server = Await.result(vertx.createHttpServer()
          .connectionHandler(connection -> connections.incrementAndGet())
          .requestHandler(request -> request.response().end())
          .listen(0, "127.0.0.1"));

      AdapterFailure failure = failureOf("networking", Models.NETWORKING, 10_000, "127.0.0.1", Integer.toString(server.actualPort()));

      assertEquals(new AdapterFailure.NetworkAttempt(), failure);
      assertEquals(0, connections.get());
      Await.result(server.close());
    }

    @Test
    void call_whenModelConnectsToAnyAddressThenAnswers_failsWithNetworkAttempt() throws IOException {
      assertEquals(new AdapterFailure.NetworkAttempt(), failureOf("networking-out", Models.NETWORKING, 10_000, "192.0.2.1", "80"));
    }

    @Test
    void call_whenModelOpensAPacketSocket_failsWithNetworkAttempt() throws IOException {
      assertEquals(new AdapterFailure.NetworkAttempt(), failureOf("sniffing", Models.SNIFFING, 10_000));
    }

    @Test
    void call_whenOutputViolatesTheSchema_failsWithInvalidOutputNamingOnlyTheKeyword() throws IOException {
      AdapterFailure failure = failureOf("wrong-type", Models.WRONG_TYPE, 10_000);

      assertEquals(new AdapterFailure.InvalidOutput(List.of("/predicted_c: type")), failure);
      assertFalse(failure.detail().contains("warm"));
    }

    @Test
    void call_whenOutputIsNotJson_failsWithInvalidOutput() throws IOException {
      assertEquals(new AdapterFailure.InvalidOutput(List.of("the output is not JSON")), failureOf("not-json", Models.NOT_JSON, 10_000));
    }
  }

  @Nested
  class Setup {
    @Test
    void call_whenTheSandboxCannotBeSetUp_failsWithSandboxUnavailable() throws IOException {
      Path model = Models.write(dir, "unbound", Models.WELL_BEHAVED);
      StoredArtefact artefact = StoredArtefact.copy(model, dir.resolve("store"), "executable unbound", true);
      ModelProgram program = new ModelProgram(artefact,
          List.of(new Sandbox.Bind(artefact.path(), "/model/unbound"), new Sandbox.Bind(dir.resolve("no-such-runtime"), "/opt/runtime")),
          Map.of(), List.of("/model/unbound"), List.of(new ModelOperation(Models.THERMAL, "predict", List.of(), Optional.empty(),
              OutputSchema.compile(Models.prediction()))), new Limits(10_000, 256L << 20, 4096, 1 << 20), 1);
      BlackBoxAdapter adapter = new BlackBoxAdapter(vertx, sandbox, program);

      AdapterFailure failure = Await.failure(adapter.call(validCall()));

      assertEquals(new AdapterFailure.SandboxUnavailable("bubblewrap could not set up the sandbox"), failure);
      Await.result(adapter.close());
    }
  }

  @Nested
  class Isolation {
    @Test
    void call_runsAsNobodyInAnEmptyDirectoryWithoutTheHostsFiles() throws IOException {
      Path secret = Files.writeString(dir.resolve("host-secret.txt"), "key");
      JsonObject anything = new JsonObject().put("type", "object");
      Adapter adapter = adapter(vertx, "probing", Models.PROBING, 10_000, anything,
          secret.toString(), "/root", "/etc/passwd", "/usr/bin/python3", sandbox.options().store().toString());

      JsonObject seen = new JsonObject(new String(Await.result(adapter.call(validCall())).body(), StandardCharsets.UTF_8));

      assertEquals(65534, seen.getInteger("uid"));
      assertEquals(Sandbox.WORKDIR, seen.getString("cwd"));
      assertEquals(List.of("scratch.txt"), seen.getJsonArray("cwd_entries").getList());
      // none of the JVM's environment: only the sandbox's own, PWD from bwrap and Python's locale coercion
      assertTrue(Set.of("HOME", "PATH", "TMPDIR", "PWD", "LC_CTYPE").containsAll(seen.getJsonArray("env").getList()),
          seen.getJsonArray("env").encode());
      assertFalse(seen.getBoolean("can_write_itself"));
      JsonObject sees = seen.getJsonObject("sees");
      assertFalse(sees.getBoolean(secret.toString()));
      assertFalse(sees.getBoolean("/root"));
      assertFalse(sees.getBoolean("/etc/passwd"));
      assertFalse(sees.getBoolean(sandbox.options().store().toString()));
      assertTrue(sees.getBoolean("/usr/bin/python3"));
      Await.result(adapter.close());
    }
  }
}
