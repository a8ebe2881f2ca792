package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.AnchoringOptions;
import io.twinguard.audit.anchor.AnchoringService;
import io.twinguard.audit.anchor.AnchoringStatus;
import io.twinguard.audit.log.SignedCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code twinguard audit anchor}: anchors the log's newest checkpoint on Fabric once, through the
 * same {@link AnchoringService} the broker runs (registration, consistency with the ledger's
 * anchor, receipt stored in {@code log_anchor}); for a log no broker anchors, or from cron.
 */
@Command(
    name = "anchor",
    mixinStandardHelpOptions = true,
    description = {
      "Anchor the log's newest checkpoint on Fabric now and store the transaction id and block.",
      "Refuses (exit 1) when Fabric is unreachable or the log no longer extends its last anchor."
    })
final class AnchorCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Mixin FabricOptions fabricOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return LogSession.runWithFabric("anchor", options, fabricOptions, err, (vertx, log, client, anchoring) ->
        log.latestCheckpoint().compose(latest -> {
          if (latest.isEmpty()) {
            err.println("twinguard audit anchor: the log is empty");
            err.flush();
            return Future.succeededFuture(1);
          }
          // anchor at once, and give up at the first failure instead of backing off
          AnchoringOptions once = AnchoringOptions.DEFAULTS.withTrigger(1, Duration.ofMillis(10))
              .withBackoff(anchoring.deadline(), anchoring.deadline());
          return AnchoringService.start(vertx, log, client, once)
              .compose(service -> (service.status().anchoring()
                  ? settled(vertx, service, latest.get())
                  : Future.<AnchoringStatus>failedFuture(new IllegalStateException(
                      "another process anchors the log " + log.origin())))
                  .eventually(service::stop))
              .map(status -> report(status, latest.get(), out, err));
        }));
  }

  /** Completes once the service anchored the checkpoint or failed once. */
  private static Future<AnchoringStatus> settled(Vertx vertx, AnchoringService service, SignedCheckpoint checkpoint) {
    Promise<AnchoringStatus> done = Promise.promise();
    vertx.setPeriodic(20, id -> {
      AnchoringStatus status = service.status();
      if (status.anchoredSize() >= checkpoint.size() || status.failures() > 0) {
        vertx.cancelTimer(id);
        done.tryComplete(status);
      }
    });
    return done.future();
  }

  private static int report(AnchoringStatus status, SignedCheckpoint checkpoint, PrintWriter out, PrintWriter err) {
    if (status.anchoredSize() > checkpoint.size()) {
      err.println("twinguard audit anchor: tree size " + status.anchoredSize() + " is anchored but the log has "
          + checkpoint.size() + " records; run twinguard audit verify --fabric");
      err.flush();
      return 1;
    }
    if (status.anchoredSize() == checkpoint.size()) {
      out.println("anchored: tree size " + status.anchoredSize() + " (see twinguard audit anchors)");
      out.flush();
      return 0;
    }
    err.println("twinguard audit anchor: " + status.lastFailure().orElse("not anchored"));
    err.flush();
    return 1;
  }
}
