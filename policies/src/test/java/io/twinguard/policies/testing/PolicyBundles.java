package io.twinguard.policies.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.cli.PolicyCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import picocli.CommandLine;

/**
 * Signed bundles of the repository's Rego policies, built by {@code twinguard policy build} with
 * the pinned opa, as a policy author would: as written, or changed before the build; and the
 * tar.gz packing and tampering the bundle tests of every module need. Shared as the policies
 * module's test-jar.
 */
public final class PolicyBundles {

  /** A change made to a copy of {@code policies/rego} before it is built. */
  @FunctionalInterface
  public interface Edit {
    void apply(Path rego) throws IOException;
  }

  private final Path dir;
  private final KeyPair signer;
  private final Path publicKey;

  /** Signs with a fresh RSA key whose public PEM is written to {@code dir/bundle-key.pem}. */
  public PolicyBundles(Path dir) {
    this.dir = dir;
    try {
      this.signer = rsaKeys();
      this.publicKey = dir.resolve("bundle-key.pem");
      Files.writeString(publicKey, pem("PUBLIC KEY", signer.getPublic().getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key PEM file a broker verifies these bundles with. */
  public Path publicKey() {
    return publicKey;
  }

  /** The repository's policies as they are, as revision {@code revision}. */
  public byte[] build(String revision) {
    return build(revision, rego -> { });
  }

  /** The repository's policies changed by {@code edit}, as revision {@code revision}. */
  public byte[] build(String revision, Edit edit) {
    try {
      Path root = Path.of(System.getProperty("twinguard.root"));
      Path rego = dir.resolve(revision + "-rego");
      copy(root.resolve("policies/rego"), rego);
      edit.apply(rego);
      Path signingKey = dir.resolve(revision + "-signing.pem");
      Files.writeString(signingKey, pem("PRIVATE KEY", signer.getPrivate().getEncoded()));
      Path output = dir.resolve(revision + ".tar.gz");
      int exit = new CommandLine(new PolicyCommand()).execute("build", rego.toString(), "--opa",
          opa(root).toString(), "--revision", revision, "-o", output.toString(), "--signing-key",
          signingKey.toString(), "--signing-alg", "RS256");
      assertEquals(0, exit, "twinguard policy build " + revision);
      return Files.readAllBytes(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds {@code category} to the special categories: consents for it must now be explicit. */
  public static Edit special(String category) {
    return rego -> {
      Path config = rego.resolve("data/twinguard/config/data.json");
      JsonObject data = new JsonObject(Files.readString(config));
      data.getJsonArray("special_categories").add(category);
      Files.writeString(config, data.encodePrettily());
    };
  }

  /** Adds a Rego test that fails. */
  public static Edit failingTest() {
    return rego -> Files.writeString(rego.resolve("policy/twinguard/privacy/broken_test.rego"), """
        package twinguard.privacy_broken_test

        test_location_is_special if {
        \t"pd:Location" in data.twinguard.config.special_categories
        }
        """);
  }

  /** {@code bundle} with one data document changed after signing. */
  public static byte[] tampered(byte[] bundle) throws IOException {
    Map<String, byte[]> files = new HashMap<>(BundleFiles.fromTarGz(bundle));
    String data = files.keySet().stream().filter(name -> name.endsWith("data.json")).findFirst().orElseThrow();
    files.put(data, new JsonObject(Buffer.buffer(files.get(data))).put("tampered", true).toBuffer().getBytes());
    return tarGz(files);
  }

  /** Packs files as a gzipped tar, as opa does (names under "/"). */
  public static byte[] tarGz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry("/" + file.getKey());
        entry.setSize(file.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /** A fresh 2048-bit RSA key pair, as bundle signing (RS256) uses. */
  public static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PEM text of a DER structure ({@code type}: PUBLIC KEY, PRIVATE KEY). */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** The pinned opa under {@code root}'s .tools (or TWINGUARD_TOOLS). */
  public static Path opa(Path root) {
    String tools = System.getenv("TWINGUARD_TOOLS");
    return (tools == null || tools.isBlank() ? root.resolve(".tools") : Path.of(tools)).resolve("bin/opa");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
