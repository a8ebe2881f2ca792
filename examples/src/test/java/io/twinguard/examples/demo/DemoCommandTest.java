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

  /** One decision record per call, plus a forwarding record before each command reaches its target. */
  @Test
  void demo_playsEveryScenarioAndVerifiesTheAuditLog() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("--data-dir", dir.toString());

    String report = out.toString();
    assertEquals(0, exit, report);
    assertEquals(Scenario.script().size(), report.lines().filter(line -> line.matches("UC\\d ok .*")).count(), report);
    long forwardedCommands = Scenario.script().stream().filter(s -> s.sign() && s.expectedStatus() == 200).count();
    assertTrue(report.contains("audit log: " + (Scenario.script().size() + forwardedCommands) + " records"), report);
    assertTrue(report.contains("verified"), report);
    assertTrue(report.contains("403 Denied by policy: ethics"), report);
    assertTrue(report.contains("409 Actuator held by a higher-priority command"), report);
  }
}
