package io.twinguard.policies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.TestSupport;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new PolicyCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String example(String name) {
    return TestSupport.root().resolve("policies/examples").resolve(name).toString();
  }

  @Test
  void eval_allowedExample_printsDecisionAndExitsZero() {
    assertEquals(0, run("eval", "--input", example("uc5-fire-doors.json")), err.toString());
    JsonObject decision = new JsonObject(out.toString());
    assertEquals(true, decision.getBoolean("allow"));
    assertEquals(100, decision.getInteger("priority"));
  }

  @Test
  void eval_deniedExample_printsReasonsAndExitsOne() {
    assertEquals(1, run("eval", "--input", example("uc6-employer-health.json")), err.toString());
    JsonObject reason = new JsonObject(out.toString()).getJsonArray("reasons").getJsonObject(0);
    assertEquals("ethics", reason.getString("policy"));
    assertEquals("power_imbalance", reason.getString("code"));
  }

  @Test
  void eval_inputAgainstSchema_printsOneLineErrorAndExitsTwo(@TempDir Path dir) throws Exception {
    JsonObject input = TestSupport.example("uc5-fire-doors.json");
    input.getJsonObject("caller").remove("org");
    Path file = dir.resolve("bad.json");
    Files.writeString(file, input.encode());
    assertEquals(2, run("eval", "--input", file.toString()));
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("org"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void eval_evaluationOverrunsTimeout_saysNoDecisionWasMadeAndExitsThree(@TempDir Path dir) throws Exception {
    JsonObject input = TestSupport.example("uc6-building-booking.json");
    for (int i = 0; i < 3000; i++) {
      input.getJsonArray("subjects").add("subject:" + i);
    }
    Path file = dir.resolve("slow.json");
    Files.writeString(file, input.encode());
    assertEquals(3, run("eval", "--timeout-ms", "1", "--input", file.toString()), err.toString());
    assertEquals("", out.toString(), "no decision document is printed");
    assertTrue(err.toString().startsWith("twinguard policy eval: no decision was made"), err.toString());
    assertTrue(err.toString().contains("timed out"), err.toString());
  }

  @Test
  void eval_missingFile_exitsTwo() {
    assertEquals(2, run("eval", "--input", "/nonexistent/input.json"));
    assertTrue(err.toString().startsWith("twinguard policy eval: cannot read"), err.toString());
  }

  @Test
  void test_bundledPolicies_passWithPinnedOpaAndFullCoverage() {
    assertEquals(0, run("test", "--opa", TestSupport.opa().toString(), "--coverage-threshold", "90"), out.toString());
    assertTrue(out.toString().contains("coverage 100"), out.toString());
  }

  @Test
  void test_policyDirWithFailingTest_exitsOneAndNamesTheTest(@TempDir Path dir) throws Exception {
    Path sources = TestSupport.root().resolve("policies/rego");
    try (var paths = Files.walk(sources)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        Path target = dir.resolve(sources.relativize(path).toString());
        Files.createDirectories(target.getParent());
        Files.copy(path, target);
      }
    }
    Path test = dir.resolve("policy/twinguard/safety/safety_test.rego");
    Files.writeString(test, Files.readString(test).replace("safety.priority == 0 with", "safety.priority == 1 with"));
    assertEquals(1, run("test", dir.toString(), "--opa", TestSupport.opa().toString()));
    assertTrue(out.toString().contains("test_success_no_priority_without_actuators: FAIL"), out.toString());
  }

  @Test
  void build_bundle_isEvaluatedByEval(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle.tar.gz");
    assertEquals(0, run("build", "--opa", TestSupport.opa().toString(), "--revision", "cli-test", "-o", bundle.toString()));
    assertEquals(1, run("eval", "--bundle", bundle.toString(), "--input", example("uc6-elevator-ads.json")), err.toString());
    assertEquals("cli-test", new JsonObject(out.toString()).getString("revision"));
  }

  @Test
  void build_signedBundle_carriesItsTestsBesideOneEntrypointAndVerifies(@TempDir Path dir) throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    java.security.KeyPair keys = generator.generateKeyPair();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    Path bundle = dir.resolve("bundle.tar.gz");

    assertEquals(0, run("build", "--opa", TestSupport.opa().toString(), "--revision", "signed-1", "-o",
        bundle.toString(), "--signing-key", key.toString()), err.toString());

    java.util.Map<String, byte[]> files = io.twinguard.policies.bundle.BundleFiles.fromTarGz(Files.readAllBytes(bundle));
    assertTrue(files.containsKey("twinguard/privacy/privacy_test.rego"), files.keySet().toString());
    assertEquals(1, new JsonObject(new String(files.get(".manifest"), java.nio.charset.StandardCharsets.UTF_8))
        .getJsonArray("wasm").size(), "the tests are no entrypoints of the Wasm module");
    io.twinguard.policies.bundle.BundleVerifier.of("-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n",
        "RS256", "").verify(files);
  }
}
