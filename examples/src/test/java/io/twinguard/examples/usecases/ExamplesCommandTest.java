package io.twinguard.examples.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExamplesCommandTest {

  @Test
  void run_unknownUseCase_isAUsageErrorNamingIt() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ExamplesCommand());
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("run", "UC9");

    assertEquals(2, exit);
    assertTrue(err.toString().contains("no use case UC9; there are UC1 to UC6"), err.toString());
  }

  @Test
  void runHelp_listsTheSixUseCases() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ExamplesCommand());
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("run", "--help");

    assertEquals(0, exit);
    for (int uc = 1; uc <= 6; uc++) {
      assertTrue(out.toString().contains("UC" + uc + "  "), out.toString());
    }
  }
}
