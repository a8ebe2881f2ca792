package io.twinguard.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void demo_playsEverySixUseCasesAndVerifiesTheAuditLog() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("--data-dir", dir.toString());

    String report = out.toString();
    assertEquals(0, exit, report);
    for (int uc = 1; uc <= 6; uc++) {
      assertTrue(report.contains("UC" + uc + " ok: every step got the expected outcome"), report);
    }
    assertTrue(report.contains("6 of 6 use cases held"), report);
    assertTrue(report.contains("verified (every leaf"), report);
  }
}
