package io.twinguard.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  @TempDir Path dir;

  /**
   * One decision record per call, a forwarding record before each command reaches its target, and
   * one consent record per consent given and per request a denial made.
   */
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
    Matcher seeded = Pattern.compile("consents: (\\d+) records given by citizen-ada").matcher(report);
    Matcher waiting = Pattern.compile("requests waiting for citizen-ada's answer in the consent portal: (\\d+)")
        .matcher(report);
    assertTrue(seeded.find() && waiting.find(), report);
    assertEquals(3, Integer.parseInt(seeded.group(1)), "every consent of smart-city-consents.yaml is a record");
    assertEquals(1, Integer.parseInt(waiting.group(1)), "the room's read of Ada's climate data asks her");
    long consentRecords = 3 + 1;
    assertTrue(report.contains("audit log: " + (Scenario.script().size() + forwardedCommands + consentRecords)
        + " records"), report);
    assertTrue(report.contains("verified"), report);
    assertTrue(report.contains("403 Denied by policy: ethics"), report);
    assertTrue(report.contains("409 Actuator held by a higher-priority command"), report);
  }
}
