package io.twinguard.audit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the audit command in-process and captures what it prints. */
record Cli(int exitCode, String out, String err) {

  /** Runs with no environment variables at all, so that the machine's cannot leak in. */
  static Cli run(String... args) {
    return run(Map.of(), args);
  }

  static Cli run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AuditCommand(environment));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }
}
