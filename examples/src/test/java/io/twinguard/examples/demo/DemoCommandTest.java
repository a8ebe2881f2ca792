package io.twinguard.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void demo_playsTheSixUseCases_verifiesTheLogAndWritesTheReport() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("--data-dir", dir.resolve("data").toString(), "--report", dir.resolve("report").toString());

    String report = out.toString();
    assertEquals(0, exit, report);
    for (int uc = 1; uc <= 6; uc++) {
      assertTrue(report.contains("UC" + uc + " ok: every step got the expected outcome"), report);
    }
    assertTrue(report.contains("6 of 6 use cases held"), report);
    assertTrue(report.contains("verified (every leaf"), report);
    String markdown = Files.readString(dir.resolve("report/report.md"));
    for (int uc = 1; uc <= 6; uc++) {
      assertTrue(markdown.contains("## UC" + uc + ": ") && Files.exists(dir.resolve("report/uc" + uc + ".svg")), markdown);
    }
    assertTrue(markdown.contains("every record's inclusion proof leads to its root"), markdown);
  }
}
