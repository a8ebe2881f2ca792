package io.twinguard.tests.broker;

import static io.twinguard.tests.broker.BundleReloadTest.await;
import static io.twinguard.tests.broker.BundleReloadTest.client;
import static io.twinguard.tests.broker.BundleReloadTest.revision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.serve.Running;
import io.twinguard.broker.serve.Serve;
import io.twinguard.cli.Twinguard;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.policies.testing.PolicyBundles;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The policy lifecycle as users reach it: {@code twinguard serve} with a bundle key, and {@code
 * twinguard policy push|rollback} over mutual TLS as the ecosystem's administrator. A pushed and
 * activated revision decides the next call; a tampered bundle is refused as problem+json and the
 * active revision stays; a twin that is no policy author is refused; a decision is explained with
 * the rule that gave it; a rollback restores the revision before.
 */
class PolicyLifecycleServeTest {

  @TempDir Path dir;

  @Test
  void pushActivateExplainRollback_throughServeAndTheCommandLine_changeThePoliciesInForce() throws Exception {
    PolicyBundles policies = new PolicyBundles(dir);
    Path key = policies.publicKey();
    BundleReloadTest bundles = new BundleReloadTest();
    bundles.dir = dir;
    Path rev1 = Files.write(dir.resolve("rev-1.bundle.tar.gz"), policies.build("rev-1"));
    byte[] rev2Bytes = policies.build("rev-2");
    Path rev2 = Files.write(dir.resolve("rev-2.bundle.tar.gz"), rev2Bytes);
    Path tampered = Files.write(dir.resolve("tampered.tar.gz"), PolicyBundles.tampered(rev2Bytes));
    CaDirectory ca = CaDirectory.init(dir.resolve("ca"), new TrustDomain("city.example"), KeyAlgorithm.ECDSA_P256,
        Clock.systemUTC());
    List<String> admin = credentials(ca, "spiffe://city.example/admin");
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer hvac = bundles.startHvac(vertx, ca);
      try (Running serve = Serve.start(SettingsLoader.defaults().environment(Map.of(
              "TWINGUARD_LISTEN_PORT", "0", "TWINGUARD_REGISTRY", bundles.registry(hvac.actualPort()).toString(),
              "TWINGUARD_DATA_DIR", dir.resolve("data").toString(), "TWINGUARD_CA_DIR", dir.resolve("ca").toString(),
              "TWINGUARD_POLICY_BUNDLE_KEY", key.toString())).load().settings(),
          Clock.systemUTC(), new PrintWriter(new StringWriter()))) {
        int port = serve.broker().port();
        List<String> broker = new ArrayList<>(List.of("--broker", "https://127.0.0.1:" + port));
        broker.addAll(admin);
        WebClient room = client(vertx, ca, "room-12");

        assertEquals(0, cli(List.of("policy", "push", rev1.toString(), "--activate"), broker).exit());
        Cli pushed = cli(List.of("policy", "push", rev2.toString(), "--activate"), broker);
        assertEquals(0, pushed.exit(), pushed.err());
        assertEquals("rev-2", revision(room, port));
        HttpResponse<Buffer> call = await(room.post(port, "127.0.0.1", "/v1/twins/hvac-room-12/model/thermal/predict")
            .putHeader("Twin-Purpose", "dpv:ServiceProvision").sendJsonObject(new JsonObject().put("outdoor_c", 3)));

        Cli refused = cli(List.of("policy", "push", tampered.toString()), broker);
        HttpResponse<Buffer> notAuthor = await(room.post(port, "127.0.0.1", "/v1/policy/rollback").send());
        Cli status = cli(List.of("policy", "status"), broker);
        WebClient author = WebClient.create(vertx, new WebClientOptions().setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(admin.get(1)).setKeyPath(admin.get(3)))
            .setTrustOptions(new PemTrustOptions().addCertPath(admin.get(5))));
        HttpResponse<Buffer> explanation = await(author.get(port, "127.0.0.1", "/v1/policy/decisions/"
            + call.getHeader("Twin-Decision-Id") + "/explanation").send());
        Cli rolledBack = cli(List.of("policy", "rollback"), broker);

        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("Policy bundle refused") && refused.err().contains("signature"),
            refused.err());
        assertEquals(403, notAuthor.statusCode());
        assertTrue(notAuthor.getHeader("content-type").startsWith("application/problem+json"),
            notAuthor.getHeader("content-type"));
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("\"active\" : \"rev-2\""), status.out());
        assertEquals(200, explanation.statusCode(), explanation.bodyAsString());
        assertEquals("rev-2", explanation.bodyAsJsonObject().getString("revision"));
        assertEquals(true, explanation.bodyAsJsonObject().getBoolean("reproduced"), explanation.bodyAsString());
        assertEquals(0, rolledBack.exit(), rolledBack.err());
        assertEquals("rev-1", revision(room, port));
      }
    } finally {
      await(vertx.close());
    }
  }

  /** What a command printed and returned. */
  record Cli(int exit, String out, String err) {}

  static Cli cli(List<String> command, List<String> broker) {
    List<String> args = new ArrayList<>(command);
    args.addAll(broker);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = Twinguard.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = line.execute(args.toArray(String[]::new));
    return new Cli(exit, out.toString(), err.toString());
  }

  /** The {@code --cert --key --ca} options of {@code id}, written as PEM files. */
  List<String> credentials(CaDirectory ca, String id) throws Exception {
    CaDirectory.Issued issued = ca.issueTwin(SpiffeId.parse(id), KeyAlgorithm.ECDSA_P256, Duration.ofDays(1));
    Path cert = Files.writeString(dir.resolve("admin.pem"), TrustMaterial.certificatePem(issued.certificate()));
    Path keyFile = Files.writeString(dir.resolve("admin-key.pem"), Keys.privateKeyToPem(issued.keyPair().getPrivate()));
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.trustMaterial().caCertificatePem());
    return List.of("--cert", cert.toString(), "--key", keyFile.toString(), "--ca", caFile.toString());
  }
}
