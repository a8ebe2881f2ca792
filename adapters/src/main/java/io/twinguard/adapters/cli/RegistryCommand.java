package io.twinguard.adapters.cli;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.SettingsException;
import io.twinguard.adapters.aas.AasRegistration;
import io.twinguard.adapters.aas.AasTwinDeclaration;
import io.twinguard.common.settings.SettingsLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard registry}: declarations for the twin registry. {@code from-aas} declares a twin
 * from its Asset Administration Shell: it reads the AAS descriptor, fetches every submodel the
 * descriptor lists from the submodel's endpoint (AAS Part 2 HTTP API) and prints the registry's twin
 * declaration, with its blocks, personal-data categories and IP classes declared from the AAS and
 * the {@code aas} adapter that serves them. Put it into the registry file, or into a running broker
 * with {@code PUT /v1/admin/twins/<name>}. Exit codes: 0 declared, 1 the AAS declares no valid twin
 * or a submodel could not be fetched, 2 bad usage or an unreadable descriptor.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
    description = "Declarations for the twin registry.",
    subcommands = {RegistryCommand.FromAas.class})
public final class RegistryCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code twinguard registry from-aas}. */
  @Command(name = "from-aas", mixinStandardHelpOptions = true,
      description = {"Declare a twin from its AAS descriptor: fetch its submodels and print the registry's",
          "twin declaration (JSON), for the registry file or PUT /v1/admin/twins/<name>."})
  static final class FromAas implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--descriptor", required = true, paramLabel = "FILE|URL",
        description = "the AssetAdministrationShellDescriptor (JSON): a file, or its URL at an AAS registry")
    String descriptor;

    @Option(names = "--org", required = true, description = "the organisation that registers the twin")
    String org;

    @Option(names = "--trust-domain", description = "the twin's SPIFFE trust domain (default: the trust_domain setting)")
    String trustDomain;

    @Option(names = "--timeout-ms", defaultValue = "5000",
        description = "the time limit of one exchange with the AAS server, here and in the adapter (default 5000)")
    long timeoutMs;

    @Option(names = "--out", paramLabel = "FILE", description = "write the declaration here instead of stdout")
    Path out;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      JsonObject shell;
      try {
        shell = new JsonObject(read(descriptor, timeoutMs));
      } catch (IOException | DecodeException | IllegalArgumentException e) {
        err.println("twinguard registry from-aas: cannot read the descriptor " + descriptor + ": " + e.getMessage());
        return 2;
      }
      String domain = trustDomain != null ? trustDomain
          : SettingsLoader.defaults().environment(System.getenv()).load().settings().trustDomain();
      Vertx vertx = Vertx.vertx();
      AasTwinDeclaration.Declared declared;
      try {
        declared = AasRegistration.declare(vertx, shell, new AasTwinDeclaration.Options(domain, org, timeoutMs))
            .toCompletionStage().toCompletableFuture().get(timeoutMs + 60_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        return refused(err, e.getCause());
      } catch (TimeoutException e) {
        err.println("twinguard registry from-aas: the submodels did not arrive in time");
        return 1;
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      declared.skipped().forEach(element -> err.println("not served (not a Property): " + element));
      String json = declared.twin().encodePrettily() + "\n";
      if (out == null) {
        spec.commandLine().getOut().print(json);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, json, StandardCharsets.UTF_8);
      }
      return 0;
    }

    private static int refused(PrintWriter err, Throwable cause) {
      if (cause instanceof SettingsException settings) {
        settings.errors().forEach(error -> err.println("twinguard registry from-aas: " + error));
      } else if (cause instanceof AdapterException adapter) {
        err.println("twinguard registry from-aas: " + adapter.failure().detail());
      } else {
        err.println("twinguard registry from-aas: " + cause.getMessage());
      }
      return 1;
    }

    /** A file, or an http(s) URL read with a bounded wait. */
    private static String read(String where, long timeoutMs) throws IOException {
      if (!where.startsWith("http://") && !where.startsWith("https://")) {
        return Files.readString(Path.of(where), StandardCharsets.UTF_8);
      }
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs)).build();
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(where))
            .timeout(Duration.ofMillis(timeoutMs)).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
          throw new IOException("it answered " + response.statusCode());
        }
        return response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
