package io.twinguard.policies.cli;

import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyInputSchema;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleVerificationException;
import io.twinguard.policies.bundle.BundleVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard policy eval}: decides one input with the in-process engine and prints the
 * decision. Exit code 0 when allowed, 1 when denied or the bundle is refused, 2 when the input
 * is unreadable or does not follow the input schema, 3 when no decision could be made (the engine
 * erred or timed out: nothing is printed on standard output, the reason on standard error).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Decide one policy input with the in-process (Wasm) engine; print the decision as JSON.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:allowed", "1:denied, or the bundle was refused",
        "2:bad usage or an input that does not follow the input schema",
        "3:no decision was made (the engine erred or timed out)"})
final class PolicyEvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", required = true, description = "The policy input (JSON).")
  Path input;

  @Option(names = {"-b", "--bundle"}, paramLabel = "FILE|DIR",
      description = "A Wasm bundle (.tar.gz or directory) to use instead of the policies built into twinguard.")
  Path bundle;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "500",
      description = "How long the evaluation may take before no decision is made (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = "--verify-key", paramLabel = "PEM",
      description = "Refuse a --bundle whose .signatures.json does not verify with this public key.")
  Path verifyKey;

  @Option(names = "--verify-alg", paramLabel = "ALG", defaultValue = "RS256",
      description = "The JWS algorithm of --verify-key (default: ${DEFAULT-VALUE}).")
  String verifyAlgorithm;

  @Override
  public Integer call() throws Exception {
    String json;
    try {
      json = Files.readString(input, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return usage("cannot read " + input + ": " + e.getMessage());
    }
    List<String> problems = PolicyInputSchema.problems(json);
    if (!problems.isEmpty()) {
      return usage(input + " is not a valid policy input: " + String.join("; ", problems));
    }
    Bundle policies;
    try {
      policies = load();
    } catch (BundleVerificationException | IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("twinguard policy eval: bundle refused: " + e.getMessage());
      return 1;
    }
    if (timeoutMillis <= 0) {
      return usage("--timeout-ms must be positive");
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Decision decision = InProcessPolicyEngine.start(vertx, policies, Duration.ofMillis(timeoutMillis))
          .compose(engine -> engine.decide(new JsonObject(json)).eventually(() -> {
            engine.close();
            return Future.succeededFuture();
          }))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return print(decision);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private int print(Decision decision) {
    // Java 17 has no pattern switch; Decision is sealed, so these three cases are all
    if (decision instanceof Decision.Allow allow) {
      spec.commandLine().getOut().println(allow.toJson().encodePrettily());
    } else if (decision instanceof Decision.Deny deny) {
      spec.commandLine().getOut().println(deny.toJson().encodePrettily());
    } else if (decision instanceof Decision.Undecided undecided) {
      spec.commandLine().getErr().println("twinguard policy eval: no decision was made (bundle revision "
          + undecided.revision() + "): " + undecided.why());
      return 3;
    }
    spec.commandLine().getOut().flush();
    return decision.allowed() ? 0 : 1;
  }

  private Bundle load() throws IOException, BundleVerificationException {
    if (bundle == null) {
      return Bundle.fromFiles(BundleFiles.bundled());
    }
    Map<String, byte[]> files = Files.isDirectory(bundle)
        ? BundleFiles.fromDirectory(bundle)
        : BundleFiles.fromTarGz(Files.readAllBytes(bundle));
    if (verifyKey != null) {
      BundleVerifier.of(Files.readString(verifyKey), verifyAlgorithm, "").verify(files);
    }
    return Bundle.fromFiles(files);
  }

  private int usage(String message) {
    spec.commandLine().getErr().println("twinguard policy eval: " + message);
    return 2;
  }
}
