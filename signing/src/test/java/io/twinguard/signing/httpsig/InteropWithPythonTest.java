package io.twinguard.signing.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interoperability with an independent implementation: pyauth's {@code http-message-signatures}
 * (PyPI), driven by {@code src/test/python/interop.py}. The interpreter is the one named by the
 * system property {@code twinguard.python}: the pinned virtual environment of
 * {@code scripts/python.sh}, which {@code scripts/test.sh} creates. When the property, the
 * interpreter or the package is missing this test fails, it never skips.
 */
class InteropWithPythonTest {

  private static final byte[] BODY = "{\"setpoint\": 21.5}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private record Result(int exitCode, byte[] out, String err) {}

  private static Path script() {
    String root = System.getProperty("twinguard.root", "..");
    Path script = Path.of(root, "signing", "src", "test", "python", "interop.py");
    assertTrue(Files.isRegularFile(script), "interop script missing: " + script);
    return script;
  }

  private static String interpreter() {
    String python = System.getProperty("twinguard.python");
    assertTrue(python != null && !python.isBlank(),
        "system property twinguard.python is not set (the root pom sets it; run scripts/test.sh)");
    assertTrue(Files.isExecutable(Path.of(python)),
        "no Python at " + python + ": run scripts/python.sh (scripts/test.sh does) to create it");
    return python;
  }

  private static Result python(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(interpreter(), script().toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try {
        process.getInputStream().transferTo(out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    reader.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("python did not finish within 60 s");
    }
    reader.join();
    return new Result(process.exitValue(), out.toByteArray(), err);
  }

  private static String algName(KeyAlgorithm algorithm) {
    return SignatureAlgorithm.forKey(Keys.generate(algorithm).getPublic()).httpName();
  }

  private static HttpRequest unsigned() {
    return new HttpRequest("PUT", URI.create("https://hvac-1.city.example/model/setpoint?unit=C"),
        HttpFields.of("Host", "hvac-1.city.example", "Content-Type", "application/json"), BODY);
  }

  private static byte[] raw(HttpRequest request) {
    StringBuilder head = new StringBuilder(request.method()).append(' ')
        .append(request.targetUri().getRawPath());
    if (request.targetUri().getRawQuery() != null) {
      head.append('?').append(request.targetUri().getRawQuery());
    }
    head.append(" HTTP/1.1\r\n");
    request.fields().lines().forEach((name, values) ->
        values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(request.body());
    return out.toByteArray();
  }

  @Test
  void pythonPackage_isInstalled() throws Exception {
    Result result = python("--help");

    assertNotEquals(3, result.exitCode(), result.err());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void javaSignature_verifiesInPython_andTamperedOneDoesNot(KeyAlgorithm algorithm) throws Exception {
    KeyPair keys = Keys.generate(algorithm);
    HttpRequest request = unsigned();
    request = request.withFields(request.fields()
        .with("Content-Digest", ContentDigest.create(BODY, DigestAlgorithm.SHA_512)));
    SignatureParams params = SignatureParams.builder(List.of(ComponentId.METHOD,
            ComponentId.AUTHORITY, ComponentId.PATH, ComponentId.field("content-digest"),
            ComponentId.field("content-type")))
        .created(Instant.now()).keyid("java-key").alg(SignatureAlgorithm.forKey(keys.getPrivate())).build();
    HttpRequest signed = (HttpRequest) new MessageSigner(keys.getPrivate())
        .sign(request, "sig1", params).addTo(request);
    Path publicKey = dir.resolve("java.pub.pem");
    Keys.writePublicKey(publicKey, keys.getPublic());
    Path good = dir.resolve("good.http");
    Files.write(good, raw(signed));
    Path tampered = dir.resolve("tampered.http");
    Files.write(tampered, raw(new HttpRequest("DELETE", signed.targetUri(), signed.fields(), BODY)));

    Result valid = python("verify", algName(algorithm), publicKey.toString(), good.toString(), "java-key");
    Result invalid = python("verify", algName(algorithm), publicKey.toString(), tampered.toString(), "java-key");

    assertEquals(0, valid.exitCode(), valid.err());
    assertEquals(1, invalid.exitCode(), invalid.err());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void pythonSignature_verifiesInJava_withItsContentDigest(KeyAlgorithm algorithm) throws Exception {
    KeyPair keys = Keys.generate(algorithm);
    Path privateKey = dir.resolve("py.key.pem");
    Keys.writePrivateKey(privateKey, keys.getPrivate(), null);
    Path request = dir.resolve("request.http");
    Files.write(request, raw(unsigned()));

    Result signed = python("sign", algName(algorithm), privateKey.toString(), request.toString(), "py-key");

    assertEquals(0, signed.exitCode(), signed.err());
    HttpMessage message = RawHttp.parse(signed.out(), "https");
    MessageVerifier verifier = new MessageVerifier(KeyResolver.of(Map.of("py-key", keys.getPublic())),
        Clock.systemUTC(), Duration.ofSeconds(60));
    VerifiedSignature verified = verifier.verify(message);
    assertEquals("py", verified.label());
    assertTrue(verified.params().components().contains(ComponentId.field("content-digest")),
        verified.params().toString());
    assertEquals(SignatureAlgorithm.forKey(keys.getPublic()), verified.algorithm());
  }
}
