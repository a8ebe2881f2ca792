package io.twinguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.ChainRejectedException;
import io.twinguard.signing.ca.Rejection;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.Keys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The signing module's subcommands, run in-process through the twinguard command line. */
class SigningCommandsTest {

  private static final String REQUEST = "POST /twins/door-1/commands?x=1 HTTP/1.1\r\n"
      + "Host: broker.city.example:8443\r\n"
      + "Content-Type: application/json\r\n"
      + "\r\n"
      + "{\"door\":\"open\"}";

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run twinguard(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Twinguard.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String serialOf(Run run) {
    Matcher m = Pattern.compile("serial: ([0-9a-f]+)").matcher(run.out());
    assertTrue(m.find(), run.out());
    return m.group(1);
  }

  @Test
  void caInitIssueRevoke_twinCertificate_isValidThenRevoked() throws Exception {
    Path ca = dir.resolve("ca");
    Run init = twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example");
    Run issue = twinguard("ca", "issue", "--dir", ca.toString(),
        "--spiffe-id", "spiffe://city.example/twin/hvac-1", "--out", dir.resolve("hvac-1").toString());

    assertEquals(0, init.exitCode(), init.err());
    assertEquals(0, issue.exitCode(), issue.err());
    assertTrue(issue.out().contains(dir.resolve("hvac-1.key.pem").toString()), issue.out());
    assertTrue(issue.out().contains(dir.resolve("hvac-1.cert.pem").toString()), issue.out());
    X509Certificate cert = TrustMaterial.parseCertificate(Files.readAllBytes(dir.resolve("hvac-1.cert.pem")));
    assertEquals(serialOf(issue), cert.getSerialNumber().toString(16));
    assertEquals(cert.getPublicKey(), Keys.publicKeyOf(Keys.readPrivateKey(dir.resolve("hvac-1.key.pem"), null)));
    Instant now = Instant.now();
    assertEquals(SpiffeId.parse("spiffe://city.example/twin/hvac-1"),
        CaDirectory.open(ca, Clock.systemUTC()).validator().validate(new X509Certificate[] {cert}, now));

    Run revoke = twinguard("ca", "revoke", "--dir", ca.toString(), "--serial", serialOf(issue));

    assertEquals(0, revoke.exitCode(), revoke.err());
    ChainRejectedException e = assertThrows(ChainRejectedException.class, () ->
        CaDirectory.open(ca, Clock.systemUTC()).validator().validate(new X509Certificate[] {cert}, Instant.now()));
    assertInstanceOf(Rejection.Revoked.class, e.rejection());
  }

  @Test
  void caCrl_refreshesTheCrlFile() throws Exception {
    Path ca = dir.resolve("ca");
    twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example");
    BigInteger before = crlNumber(ca);

    Run crl = twinguard("ca", "crl", "--dir", ca.toString());

    assertEquals(0, crl.exitCode(), crl.err());
    assertTrue(crlNumber(ca).compareTo(before) > 0, "a refreshed CRL has a higher CRL number");
  }

  /** The CRL number (RFC 5280 section 5.2.3) of the CRL in {@code ca}. */
  static BigInteger crlNumber(Path ca) throws Exception {
    X509CRL crl = TrustMaterial.parseCrl(Files.readAllBytes(ca.resolve("crl.pem")));
    return ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
        crl.getExtensionValue(Extension.cRLNumber.getId()))).getValue();
  }

  @Test
  void caIssue_dnsAndIp_issuesServerCertificate() throws Exception {
    Path ca = dir.resolve("ca");
    twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example",
        "--algorithm", "ecdsa-p256");

    Run issue = twinguard("ca", "issue", "--dir", ca.toString(), "--dns", "broker.city.example,localhost",
        "--ip", "127.0.0.1", "--spiffe-id", "spiffe://city.example/broker", "--out",
        dir.resolve("broker").toString());

    assertEquals(0, issue.exitCode(), issue.err());
    X509Certificate cert = TrustMaterial.parseCertificate(Files.readAllBytes(dir.resolve("broker.cert.pem")));
    assertEquals(4, cert.getSubjectAlternativeNames().size());
  }

  @Test
  void caInit_twice_failsWithOneLineAndExitOne() {
    Path ca = dir.resolve("ca");
    twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example");

    Run again = twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example");

    assertEquals(1, again.exitCode());
    assertEquals(1, again.err().strip().lines().count(), again.err());
  }

  @Test
  void caRevoke_unknownSerial_exitsOne_andBadTrustDomain_exitsTwo() {
    Path ca = dir.resolve("ca");
    twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example");

    assertEquals(1, twinguard("ca", "revoke", "--dir", ca.toString(), "--serial", "abc").exitCode());
    assertEquals(2, twinguard("ca", "revoke", "--dir", ca.toString(), "--serial", "xyz").exitCode());
    assertEquals(2, twinguard("ca", "init", "--dir", dir.resolve("b").toString(),
        "--trust-domain", "City Example").exitCode());
  }

  @Test
  void httpsigSignThenVerify_ownSignature_isValid_andTamperedBodyIsNot() throws Exception {
    Path ca = dir.resolve("ca");
    twinguard("ca", "init", "--dir", ca.toString(), "--trust-domain", "city.example");
    twinguard("ca", "issue", "--dir", ca.toString(), "--spiffe-id", "spiffe://city.example/twin/door",
        "--algorithm", "ecdsa-p256", "--out", dir.resolve("door").toString());
    Path request = dir.resolve("request.http");
    Files.writeString(request, REQUEST, StandardCharsets.UTF_8);

    Run sign = twinguard("httpsig", "sign", "--key", dir.resolve("door.key.pem").toString(),
        "--request", request.toString(), "--keyid", "door");

    assertEquals(0, sign.exitCode(), sign.err());
    assertTrue(sign.out().contains("Signature-Input: sig1=(\"@method\" \"@authority\" \"@path\" "
        + "\"content-digest\" \"content-type\");created="), sign.out());
    assertTrue(sign.out().contains(";keyid=\"door\";"), sign.out());
    Path signed = dir.resolve("signed.http");
    Files.writeString(signed, withHeaders(REQUEST, sign.out()), StandardCharsets.UTF_8);
    Path tampered = dir.resolve("tampered.http");
    Files.writeString(tampered, withHeaders(REQUEST, sign.out()).replace("open", "shut"),
        StandardCharsets.UTF_8);

    Run valid = twinguard("httpsig", "verify", "--key", dir.resolve("door.cert.pem").toString(),
        "--request", signed.toString());
    Run invalid = twinguard("httpsig", "verify", "--key", dir.resolve("door.cert.pem").toString(),
        "--request", tampered.toString());

    assertEquals(0, valid.exitCode(), valid.err());
    assertTrue(valid.out().startsWith("valid: sig1 (ecdsa-p256-sha256, keyid door)"), valid.out());
    assertEquals(1, invalid.exitCode());
    assertTrue(invalid.err().contains("DIGEST_MISMATCH"), invalid.err());
  }

  @Test
  void httpsigSign_defaultKeyid_isTheKeyThumbprint() throws Exception {
    Path key = dir.resolve("k.pem");
    var pair = Keys.generate(io.twinguard.signing.keys.KeyAlgorithm.ED25519);
    Keys.writePrivateKey(key, pair.getPrivate(), null);
    Path request = dir.resolve("request.http");
    Files.writeString(request, REQUEST, StandardCharsets.UTF_8);

    Run sign = twinguard("httpsig", "sign", "--key", key.toString(), "--request", request.toString());

    assertTrue(sign.out().contains(";keyid=\"" + Keys.thumbprint(pair.getPublic()) + "\""), sign.out());
  }

  @Test
  void httpsigVerify_unsignedRequest_exitsOneWithReason() throws Exception {
    Path key = dir.resolve("k.pub.pem");
    Keys.writePublicKey(key, Keys.generate(io.twinguard.signing.keys.KeyAlgorithm.ED25519).getPublic());
    Path request = dir.resolve("request.http");
    Files.writeString(request, REQUEST, StandardCharsets.UTF_8);

    Run verify = twinguard("httpsig", "verify", "--key", key.toString(), "--request", request.toString());

    assertEquals(1, verify.exitCode());
    assertTrue(verify.err().contains("NO_SIGNATURE"), verify.err());
  }

  @Test
  void httpsigVerify_missingKeyFile_exitsTwo() {
    Run verify = twinguard("httpsig", "verify", "--key", dir.resolve("absent.pem").toString(),
        "--request", dir.resolve("absent.http").toString());

    assertEquals(2, verify.exitCode());
  }

  /** Inserts the lines printed by {@code httpsig sign} after the request's header lines. */
  private static String withHeaders(String request, String signOutput) {
    int end = request.indexOf("\r\n\r\n");
    return request.substring(0, end) + "\r\n" + signOutput.strip().replace("\n", "\r\n")
        + request.substring(end);
  }
}
