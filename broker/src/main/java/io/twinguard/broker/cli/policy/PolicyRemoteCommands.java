package io.twinguard.broker.cli.policy;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The policy commands that act on a running broker through its policy API: push a signed bundle,
 * activate a stored revision, roll back, list what each broker runs, read the shadow's
 * disagreements. Exit codes: 0 success, 1 refused or failed, 2 bad usage.
 */
public final class PolicyRemoteCommands {

  private PolicyRemoteCommands() {}

  /** Adds these commands (and replay and explain) to {@code twinguard policy}. */
  public static void addTo(CommandLine policy) {
    policy.addSubcommand(new Push());
    policy.addSubcommand(new Activate());
    policy.addSubcommand(new Rollback());
    policy.addSubcommand(new Status());
    policy.addSubcommand(new Shadow());
    policy.addSubcommand(new PolicyReplayCommand());
    policy.addSubcommand(new PolicyExplainCommand());
  }

  /** {@code twinguard policy push FILE [--activate]}. */
  @Command(name = "push", mixinStandardHelpOptions = true,
      description = {"Upload a signed bundle to a broker: its signature is verified and its own Rego tests run",
          "before it is stored as a revision (refused with the failing tests otherwise)."})
  static final class Push implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerConnection broker;

    @Parameters(paramLabel = "BUNDLE", description = "The signed bundle (.tar.gz) built by twinguard policy build.")
    Path bundle;

    @Option(names = "--activate", description = "Then make it active on every broker.")
    boolean activate;

    @Override
    public Integer call() {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(bundle);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + bundle + ": " + e.getMessage());
      }
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      int pushed = broker.call(HttpMethod.POST, "/v1/policy/bundles", Optional.of(Buffer.buffer(bytes)), out, err,
          "push");
      if (pushed != 0 || !activate) {
        return pushed;
      }
      String revision = Bundle.fromFiles(BundleFiles.fromTarGz(bytes)).revision();
      return broker.call(HttpMethod.POST, "/v1/policy/bundles/" + encode(revision) + "/activate", Optional.empty(), out,
          err, "push");
    }
  }

  /** {@code twinguard policy activate REVISION}. */
  @Command(name = "activate", mixinStandardHelpOptions = true,
      description = "Make a stored revision active on every broker sharing the database.")
  static final class Activate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerConnection broker;

    @Parameters(paramLabel = "REVISION", description = "The stored revision.")
    String revision;

    @Override
    public Integer call() {
      return broker.call(HttpMethod.POST, "/v1/policy/bundles/" + encode(revision) + "/activate", Optional.empty(),
          spec.commandLine().getOut(), spec.commandLine().getErr(), "activate");
    }
  }

  /** {@code twinguard policy rollback}. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Make the revision active before the current one active again, on every broker.")
  static final class Rollback implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerConnection broker;

    @Override
    public Integer call() {
      return broker.call(HttpMethod.POST, "/v1/policy/rollback", Optional.empty(), spec.commandLine().getOut(),
          spec.commandLine().getErr(), "rollback");
    }
  }

  /** {@code twinguard policy status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The active revision, the shadow, and the revision each broker runs.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerConnection broker;

    @Override
    public Integer call() {
      return broker.call(HttpMethod.GET, "/v1/policy/active", Optional.empty(), spec.commandLine().getOut(),
          spec.commandLine().getErr(), "status");
    }
  }

  /** {@code twinguard policy shadow [--from T] [--to T]}. */
  @Command(name = "shadow", mixinStandardHelpOptions = true,
      description = "The live decisions the shadow revision would have made differently.")
  static final class Shadow implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerConnection broker;

    @Option(names = "--from", paramLabel = "TIME", description = "Calls received at or after this RFC 3339 time.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Calls received before this RFC 3339 time.")
    String to;

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder("/v1/policy/shadow/disagreements?limit=1000");
      Optional.ofNullable(from).ifPresent(t -> query.append("&from=").append(encode(t)));
      Optional.ofNullable(to).ifPresent(t -> query.append("&to=").append(encode(t)));
      return broker.call(HttpMethod.GET, query.toString(), Optional.empty(), spec.commandLine().getOut(),
          spec.commandLine().getErr(), "shadow");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
