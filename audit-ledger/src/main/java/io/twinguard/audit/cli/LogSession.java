package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.AnchorConfig;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.common.settings.TwinguardSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one command against the log: binds the settings once, opens the log, runs the command's
 * future, closes everything, and turns a failure (a refused setting included) into one line on
 * stderr and exit code 1.
 */
final class LogSession {

  private LogSession() {}

  static int run(
      String command, LogOptions options, PrintWriter err, Function<AuditLog, Future<Integer>> body) {
    return run(command, options, err, (vertx, log) -> body.apply(log));
  }

  /** As above, for commands that also need the Vert.x instance (for blocking Fabric calls). */
  static int run(
      String command, LogOptions options, PrintWriter err, BiFunction<Vertx, AuditLog, Future<Integer>> body) {
    LogConfig config;
    try {
      config = LogConfig.from(options.settings(Optional.empty()));
    } catch (RuntimeException e) {
      return fail(command, err, e);
    }
    return open(command, config, err, body);
  }

  /** What a command does with the log and a connected Fabric client. */
  @FunctionalInterface
  interface WithFabric {
    Future<Integer> apply(Vertx vertx, AuditLog log, FabricAnchorClient client, AnchorConfig anchoring);
  }

  /**
   * As {@link #run(String, LogOptions, PrintWriter, BiFunction)}, with a client of the configured
   * Fabric network, closed at the end; a network that cannot be reached or read is exit code 1.
   */
  static int runWithFabric(String command, LogOptions options, FabricOptions fabric, PrintWriter err, WithFabric body) {
    LogConfig config;
    AnchorConfig anchoring;
    FabricAnchorClient client;
    try {
      TwinguardSettings settings = options.settings(Optional.of(fabric));
      config = LogConfig.from(settings);
      anchoring = AnchorConfig.from(settings);
      client = FabricOptions.connect(anchoring);
    } catch (RuntimeException e) {
      return fail(command, err, e);
    }
    try (client) {
      return open(command, config, err, (vertx, log) -> body.apply(vertx, log, client, anchoring));
    }
  }

  private static int open(
      String command, LogConfig config, PrintWriter err, BiFunction<Vertx, AuditLog, Future<Integer>> body) {
    Vertx vertx = Vertx.vertx();
    try {
      AuditLog log = AuditLog.open(vertx, config).await();
      try {
        return body.apply(vertx, log).await();
      } finally {
        log.close().await();
      }
    } catch (RuntimeException e) {
      return fail(command, err, e);
    } finally {
      vertx.close().await();
    }
  }

  static int fail(String command, PrintWriter err, Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("twinguard audit " + command + ": " + message.lines().findFirst().orElse(message));
    err.flush();
    return 1;
  }
}
