package io.twinguard.policies.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.TestSupport;
import io.twinguard.policies.cli.PolicyCommand;
import io.twinguard.policies.testing.PolicyBundles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BundleVerifierTest {

  /** JSON that hashes differently once canonicalised: spaces, keys out of order, escapes, a decimal. */
  private static final String TRICKY_JSON = "{ \"b\": [1.50, true, null], \"a\": \"x<&>\\u0001\\n\\\"\", \"é\": {} }";

  @TempDir static Path dir;
  private static KeyPair keys;
  private static Map<String, byte[]> signed;

  @BeforeAll
  static void build() throws Exception {
    keys = PolicyBundles.rsaKeys();
    signed = BundleFiles.fromTarGz(Files.readAllBytes(SignedBundles.build(dir, "signed-1", keys)));
  }

  private static BundleVerifier verifier() {
    return BundleVerifier.of(SignedBundles.publicPem(keys), "RS256", "");
  }

  private static Map<String, byte[]> copy() {
    return new TreeMap<>(signed);
  }

  @Test
  void verify_bundleSignedByOpa_passesAndLoads() throws Exception {
    verifier().verify(signed);
    assertEquals("signed-1", Bundle.fromFiles(signed).revision());
  }

  @Test
  void verify_dataReformattedButEqual_passesBecauseJsonIsHashedCanonically() throws Exception {
    Map<String, byte[]> files = copy();
    JsonObject data = new JsonObject(new String(files.get("data.json"), StandardCharsets.UTF_8));
    files.put("data.json", data.encodePrettily().getBytes(StandardCharsets.UTF_8));
    verifier().verify(files);
  }

  @Test
  void verify_tamperedData_refused() {
    Map<String, byte[]> files = copy();
    JsonObject data = new JsonObject(new String(files.get("data.json"), StandardCharsets.UTF_8));
    data.getJsonObject("twinguard").getJsonObject("config").getJsonObject("priorities").put("hvac", 100);
    files.put("data.json", data.encode().getBytes(StandardCharsets.UTF_8));
    var failure = assertThrows(BundleVerificationException.class, () -> verifier().verify(files));
    assertTrue(failure.getMessage().contains("data.json does not match"), failure.getMessage());
  }

  @Test
  void verify_tamperedWasm_refused() {
    Map<String, byte[]> files = copy();
    byte[] wasm = files.get("policy.wasm").clone();
    wasm[wasm.length / 2] ^= 1;
    files.put("policy.wasm", wasm);
    assertThrows(BundleVerificationException.class, () -> verifier().verify(files));
  }

  @Test
  void verify_addedFile_refused() {
    Map<String, byte[]> files = copy();
    files.put("twinguard/extra/data.json", "{\"allow\": true}".getBytes(StandardCharsets.UTF_8));
    var failure = assertThrows(BundleVerificationException.class, () -> verifier().verify(files));
    assertTrue(failure.getMessage().contains("not covered"), failure.getMessage());
  }

  @Test
  void verify_removedFile_refused() {
    Map<String, byte[]> files = copy();
    files.keySet().removeIf(name -> name.endsWith(".rego"));
    assertThrows(BundleVerificationException.class, () -> verifier().verify(files));
  }

  @Test
  void verify_otherKey_refused() throws Exception {
    BundleVerifier other = BundleVerifier.of(SignedBundles.publicPem(PolicyBundles.rsaKeys()), "RS256", "");
    assertThrows(BundleVerificationException.class, () -> other.verify(signed));
  }

  @Test
  void verify_unsignedBundle_refused() throws Exception {
    Map<String, byte[]> unsigned = BundleFiles.fromTarGz(Files.readAllBytes(SignedBundles.build(dir, "plain-1", null)));
    var failure = assertThrows(BundleVerificationException.class, () -> verifier().verify(unsigned));
    assertTrue(failure.getMessage().contains("not signed"), failure.getMessage());
  }

  @Test
  void verify_otherScope_refused() {
    BundleVerifier scoped = BundleVerifier.of(SignedBundles.publicPem(keys), "RS256", "write");
    assertThrows(BundleVerificationException.class, () -> scoped.verify(signed));
  }

  @Test
  void verify_expectingOtherAlgorithm_refused() {
    BundleVerifier ps = BundleVerifier.of(SignedBundles.publicPem(keys), "PS256", "");
    assertThrows(BundleVerificationException.class, () -> ps.verify(signed));
  }

  @Test
  void evalCommand_signedBundleWithRightKey_decides_andWithOtherKey_refuses() throws Exception {
    Path bundle = dir.resolve("signed-1.tar.gz");
    Path good = dir.resolve("good.pem");
    Path other = dir.resolve("other.pem");
    Files.writeString(good, SignedBundles.publicPem(keys));
    Files.writeString(other, SignedBundles.publicPem(PolicyBundles.rsaKeys()));
    String input = TestSupport.root().resolve("policies/examples/uc5-fire-doors.json").toString();
    StringWriter err = new StringWriter();
    CommandLine eval = new CommandLine(new PolicyCommand());
    eval.setErr(new PrintWriter(err, true));
    eval.setOut(new PrintWriter(new StringWriter(), true));
    assertEquals(0, eval.execute("eval", "--bundle", bundle.toString(), "--verify-key", good.toString(), "--input", input));
    assertEquals(1, eval.execute("eval", "--bundle", bundle.toString(), "--verify-key", other.toString(), "--input", input));
    assertTrue(err.toString().contains("bundle refused"), err.toString());
  }

  @Test
  void canonical_matchesOpasHashingRules() throws Exception {
    byte[] canonical = StructuredHash.canonical(TRICKY_JSON.getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"a\":\"x<&>\\u0001\\n\\\"\",\"b\":[1.50,true,null],\"é\":{}}",
        new String(canonical, StandardCharsets.UTF_8));
  }

  @Test
  void hashOf_everyFileOfABundleSignedByOpa_isTheHashOpaSigned() throws Exception {
    Map<String, byte[]> files = signed;
    String jws = new JsonObject(new String(files.get(".signatures.json"), StandardCharsets.UTF_8))
        .getJsonArray("signatures").getString(0);
    JsonArray signedFiles = new JsonObject(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
        StandardCharsets.UTF_8)).getJsonArray("files");
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < signedFiles.size(); i++) {
      JsonObject file = signedFiles.getJsonObject(i);
      String name = file.getString("name");
      names.add(name);
      assertEquals(file.getString("hash"), BundleVerifier.hashOf(name, files.get(name), file.getString("algorithm")),
          "the hash of " + name);
    }
    assertTrue(names.containsAll(Set.of(".manifest", "data.json", "policy.wasm", "twinguard/decision/decision.rego")),
        names.toString());
    // opa writes .manifest with its keys out of order: only OPA's canonical form gives opa's hash
    String manifestHash = signedFiles.stream().map(JsonObject.class::cast)
        .filter(file -> file.getString("name").equals(".manifest")).findFirst().orElseThrow().getString("hash");
    assertNotEquals(manifestHash, BundleVerifier.hashOf("policy.wasm", files.get(".manifest"), "SHA-256"),
        "hashing the bytes as they are would not do");
  }
}
