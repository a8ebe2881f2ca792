package io.twinguard.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.testing.BasyxServer;
import io.twinguard.adapters.testing.ScriptedServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code twinguard registry from-aas} against a real BaSyx AAS server. */
class RegistryCommandTest {

  private static BasyxServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = new BasyxServer(ScriptedServer.freePort());
    server.start();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    server.stop();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new RegistryCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path descriptor(String base) throws Exception {
    Path file = dir.resolve("descriptor.json");
    Files.writeString(file, Files.readString(BasyxServer.resource("aas/room-12-descriptor.json"))
        .replace("${BASE}", base), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void fromAas_withTheDescriptor_printsTheTwinDeclarationWithItsAasAdapter() throws Exception {
    Run run = run("from-aas", "--descriptor", descriptor(server.base()).toString(), "--org", "hvac-co",
        "--trust-domain", "city.example");

    assertEquals(0, run.exit(), run.err());
    JsonObject twin = new JsonObject(run.out());
    assertEquals("spiffe://city.example/twin/hvac-room12", twin.getString("id"));
    assertEquals("hvac-co", twin.getString("org"));
    assertEquals("aas", twin.getJsonObject("adapter").getString("type"));
    assertEquals(List.of("nameplate", "operation", "contact-information", "thermal-model"),
        twin.getJsonArray("blocks").stream().map(b -> ((JsonObject) b).getString("name")).toList());
  }

  @Test
  void fromAas_withOut_writesTheDeclarationToTheFile() throws Exception {
    Path out = dir.resolve("twin.json");

    Run run = run("from-aas", "--descriptor", descriptor(server.base()).toString(), "--org", "hvac-co",
        "--trust-domain", "city.example", "--out", out.toString());

    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.out());
    assertEquals("aas", new JsonObject(Files.readString(out)).getJsonObject("adapter").getString("type"));
  }

  @Test
  void fromAas_whenTheDescriptorIsNotJson_exitsTwo() throws Exception {
    Path file = Files.writeString(dir.resolve("descriptor.json"), "not json");

    Run run = run("from-aas", "--descriptor", file.toString(), "--org", "hvac-co", "--trust-domain", "city.example");

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("cannot read the descriptor"), run.err());
  }

  @Test
  void fromAas_whenTheSubmodelsAreUnreachable_exitsOneAndPrintsNothing() throws Exception {
    String closed = "http://127.0.0.1:" + ScriptedServer.freePort() + "/api/v3.0";

    Run run = run("from-aas", "--descriptor", descriptor(closed).toString(), "--org", "hvac-co",
        "--trust-domain", "city.example", "--timeout-ms", "2000");

    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("twinguard registry from-aas: "), run.err());
  }
}
