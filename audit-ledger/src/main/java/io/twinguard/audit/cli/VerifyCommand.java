package io.twinguard.audit.cli;

import io.twinguard.audit.log.VerifyProblem;
import io.twinguard.audit.log.VerifyReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code twinguard audit verify}: exit 0 when the log is intact, 1 naming the first bad index. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute the tree from the stored leaves; check every stored subtree hash, every checkpoint",
      "(signature and root) and the consistency of successive checkpoints. Exit 1 on any problem."
    })
final class VerifyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return LogSession.run(
        "verify",
        options.resolve(),
        err,
        log ->
            log.verify()
                .map(
                    report -> {
                      print(report, out, err);
                      return report.intact() ? 0 : 1;
                    }));
  }

  private static void print(VerifyReport report, PrintWriter out, PrintWriter err) {
    if (report.intact()) {
      out.println(
          "ok: " + report.leaves() + " leaves and " + report.checkpoints() + " checkpoints verified");
      out.flush();
      return;
    }
    for (VerifyProblem problem : report.problems()) {
      err.println("problem: " + problem.message());
    }
    err.println("first bad index: " + report.firstBadIndex().orElseThrow());
    err.flush();
  }
}
