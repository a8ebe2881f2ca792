package io.twinguard.audit.cli;

import io.twinguard.audit.log.Appended;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.InvalidRecordException;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinguard audit append --file RECORDS.jsonl}: validates every line first, so that a bad
 * file appends nothing; then appends all and prints the checkpoint that covers them.
 */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    description = {
      "Append records, one JSON object per line, after checking every line against the record schema.",
      "Prints the signed checkpoint that covers them."
    })
final class AppendCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Option(names = "--file", required = true, description = "JSON Lines file of audit records")
  Path file;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<AuditRecord> records = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        try {
          records.add(AuditRecord.parse(lines.get(i)));
        } catch (InvalidRecordException e) {
          return LogSession.fail("append", err, new IllegalArgumentException(
              file + " line " + (i + 1) + ": " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      return LogSession.fail("append", err, new IllegalArgumentException("cannot read " + file + ": " + e.getMessage()));
    }
    if (records.isEmpty()) {
      return LogSession.fail("append", err, new IllegalArgumentException(file + " holds no record"));
    }
    PrintWriter out = spec.commandLine().getOut();
    return LogSession.run(
        "append",
        options,
        err,
        log -> {
          List<Future<Appended>> appends = new ArrayList<>();
          records.forEach(r -> appends.add(log.append(r)));
          return Future.all(appends)
              .map(
                  all -> {
                    Appended last = appends.get(appends.size() - 1).result();
                    out.print(last.checkpoint().note());
                    out.flush();
                    return 0;
                  });
        });
  }
}
