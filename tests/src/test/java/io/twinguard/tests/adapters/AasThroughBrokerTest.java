package io.twinguard.tests.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.testing.BasyxServer;
import io.twinguard.adapters.testing.ScriptedServer;
import io.twinguard.cli.Twinguard;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A twin registered from its Asset Administration Shell: {@code twinguard registry from-aas} reads
 * the descriptor and the submodels from a real BaSyx AAS server, the declaration it prints goes into
 * the running broker through the admin API, and the Room twin then reads the shell's properties
 * through the broker, within the IP classes the shell declares.
 */
class AasThroughBrokerTest {

  private static final String TWIN = "hvac-room12";

  @TempDir Path dir;
  private BasyxServer server;
  private AdaptedBroker broker;

  @BeforeEach
  void start() throws Exception {
    server = new BasyxServer(ScriptedServer.freePort());
    server.start();
    broker = new AdaptedBroker(dir.resolve("store"));
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    server.stop();
  }

  private JsonObject fromAas() throws Exception {
    Path descriptor = dir.resolve("descriptor.json");
    Files.writeString(descriptor, Files.readString(BasyxServer.resource("aas/room-12-descriptor.json"))
        .replace("${BASE}", server.base()), StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Twinguard.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("registry", "from-aas", "--descriptor", descriptor.toString(), "--org", "hvac-co",
            "--trust-domain", "city.example");
    assertEquals(0, exit, err.toString());
    return new JsonObject(out.toString());
  }

  @Test
  void registryFromAas_thenPutThroughTheAdminApi_servesTheShellThroughTheBroker() throws Exception {
    TwinClient.Answer put = broker.put(TWIN, fromAas());

    TwinClient.Answer nameplate = broker.call(TWIN + "/data/nameplate/read", new JsonObject());
    TwinClient.Answer licensed = broker.call(TWIN + "/data/operation/write", new JsonObject().put("Setpoint", 19.5));

    assertEquals(200, put.status(), put.body().toString());
    assertEquals(200, nameplate.status(), nameplate.body().toString());
    assertEquals("HVAC Co", nameplate.json().getString("ManufacturerName"));
    assertEquals(403, licensed.status(), "the AAS declares the block licensed, and the Room's org holds no licence: "
        + licensed.body());
    assertTrue(broker.record(nameplate).getString("artefact", "").matches("sha-256:[0-9a-f]{64}"));
  }

  @Test
  void call_whenTheAasServerIsGone_isRefusedUnreachableAndRecorded() throws Exception {
    broker.put(TWIN, fromAas());
    server.stop();

    TwinClient.Answer answer = broker.call(TWIN + "/data/nameplate/read", new JsonObject());

    assertEquals(502, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    assertEquals(answer.json().getString("type"), broker.record(answer).getString("problem"));
  }
}
