package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.AnchorProblem;
import io.twinguard.audit.anchor.AnchorVerifier;
import io.twinguard.audit.anchor.AnchorVerifyReport;
import io.twinguard.audit.log.VerifyProblem;
import io.twinguard.audit.log.VerifyReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinguard audit verify}: exit 0 when the log is intact, 1 naming the first bad index; with
 * {@code --fabric}, also 1 when the log forked from or rolled back behind its Fabric anchors.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute the tree from the stored leaves; check every stored subtree hash, every checkpoint",
      "(signature and root) and the consistency of successive checkpoints. With --fabric, also check",
      "the log against every checkpoint anchored on Fabric. Exit 1 on any problem."
    })
final class VerifyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Mixin FabricOptions fabricOptions;

  @Option(names = "--fabric", description = "also check the log against its anchors on Fabric (rollback, fork)")
  boolean fabric;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!fabric) {
      return LogSession.run("verify", options, err, log -> log.verify().map(report -> print(report, out, err)));
    }
    return LogSession.runWithFabric("verify", options, fabricOptions, err, (vertx, log, client, anchoring) ->
        log.verify().compose(report -> AnchorVerifier.verify(vertx, log, client)
            .map(anchors -> Math.max(print(report, out, err), print(anchors, out, err)))));
  }

  private static int print(VerifyReport report, PrintWriter out, PrintWriter err) {
    if (report.intact()) {
      out.println(
          "ok: " + report.leaves() + " leaves and " + report.checkpoints() + " checkpoints verified");
      out.flush();
      return 0;
    }
    for (VerifyProblem problem : report.problems()) {
      err.println("problem: " + problem.message());
    }
    err.println("first bad index: " + report.firstBadIndex().orElseThrow());
    err.flush();
    return 1;
  }

  private static int print(AnchorVerifyReport report, PrintWriter out, PrintWriter err) {
    if (report.intact()) {
      out.println("ok: the log of tree size " + report.localSize() + " extends all " + report.anchors()
          + " checkpoints anchored on Fabric");
      out.flush();
      return 0;
    }
    for (AnchorProblem problem : report.problems()) {
      err.println(problem.message());
    }
    err.flush();
    return 1;
  }
}
