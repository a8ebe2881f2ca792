package io.twinguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TwinguardAuditTest {

  @TempDir Path dir;

  @Test
  void auditKey_isRegisteredAndPrintsAVerifierKey() {
    StringWriter out = new StringWriter();
    CommandLine cli = Twinguard.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int code = cli.execute("audit", "key", "--data-dir", dir.toString(), "--origin", "city.example/audit");

    assertEquals(0, code);
    assertTrue(out.toString().startsWith("city.example/audit+"), out.toString());
  }
}
