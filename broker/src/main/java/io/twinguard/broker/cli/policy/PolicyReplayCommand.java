package io.twinguard.broker.cli.policy;

import io.twinguard.audit.query.RecordScan;
import io.twinguard.broker.lifecycle.replay.ReplayReport;
import io.twinguard.broker.lifecycle.replay.Replayer;
import io.twinguard.broker.lifecycle.replay.ReportWriter;
import io.twinguard.broker.lifecycle.rollout.Rollouts;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleVerifier;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinguard policy replay}: re-decides the audit log's recorded decisions with a candidate
 * bundle and reports every decision that changes, grouped by policy and reason. Exit code 0 when
 * nothing changes, 1 on a failure, 2 on bad usage, 3 when decisions change.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-decide recorded traffic (the audit log's decision records) with a candidate bundle and",
        "report every changed decision (allow->deny, deny->allow, reasons or obligations changed)."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:no decision changes", "1:the replay failed", "2:bad usage", "3:decisions change"})
public final class PolicyReplayCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LifecycleOptions where;

  @Option(names = {"-b", "--bundle"}, paramLabel = "FILE|DIR", required = true,
      description = "The candidate Wasm bundle (.tar.gz or directory); verified with policy.bundle_key when set.")
  Path bundle;

  @Option(names = "--from", paramLabel = "TIME", description = "Replay calls received at or after this RFC 3339 time.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Replay calls received before this RFC 3339 time.")
  String to;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path out;

  private final Map<String, String> environment;

  public PolicyReplayCommand() {
    this(System.getenv());
  }

  /** Reads {@code environment} instead of the process's (for tests). */
  public PolicyReplayCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    ReportWriter.Format chosen;
    Optional<Instant> start;
    Optional<Instant> end;
    TwinguardSettings settings;
    try {
      chosen = ReportWriter.Format.parse(format);
      start = Optional.ofNullable(from).map(Instant::parse);
      end = Optional.ofNullable(to).map(Instant::parse);
      settings = where.settings(environment);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return LifecycleSession.run("replay", settings, spec.commandLine().getErr(), session -> {
      Optional<BundleVerifier> verifier = Rollouts.verifier(settings.policy());
      return session.vertx().executeBlocking(() -> load(verifier), false)
          .compose(candidate -> InProcessPolicyEngine.startDetached(session.vertx(), candidate,
              settings.policy().timeout()))
          .compose(engine -> new Replayer(new RecordScan(session.log()), session.inputs(), session.engines(), engine)
              .replay(start, end)
              .eventually(() -> {
                engine.close();
                return Future.succeededFuture();
              }))
          .map(report -> write(report, chosen));
    });
  }

  private Bundle load(Optional<BundleVerifier> verifier) throws Exception {
    Map<String, byte[]> files = Files.isDirectory(bundle)
        ? BundleFiles.fromDirectory(bundle)
        : BundleFiles.fromTarGz(Files.readAllBytes(bundle));
    if (verifier.isPresent()) {
      verifier.get().verify(files);
    }
    return Bundle.fromFiles(files);
  }

  private int write(ReplayReport report, ReportWriter.Format chosen) {
    String text = ReportWriter.write(report, chosen);
    if (out == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      try {
        Files.writeString(out, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out, e);
      }
      spec.commandLine().getOut().printf("%d of %d replayed decisions change; report in %s%n",
          report.changes().size(), report.replayed(), out);
      spec.commandLine().getOut().flush();
    }
    return report.changes().isEmpty() ? 0 : 3;
  }
}
