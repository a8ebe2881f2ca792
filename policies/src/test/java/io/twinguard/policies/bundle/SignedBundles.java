package io.twinguard.policies.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.policies.TestSupport;
import io.twinguard.policies.cli.PolicyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import picocli.CommandLine;

/** Builds real (signed) bundles with {@code twinguard policy build}, i.e. the pinned opa. */
final class SignedBundles {

  private SignedBundles() {}

  static KeyPair rsaKeys() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  static String publicPem(KeyPair keys) {
    return pem("PUBLIC KEY", keys.getPublic().getEncoded());
  }

  /** Builds the repository's policies with {@code revision}, signed when keys are given. */
  static Path build(Path dir, String revision, KeyPair keys) throws IOException {
    return build(TestSupport.root().resolve("policies/rego"), dir, revision, keys);
  }

  /** Builds the policies under {@code sources} (policy/ and data/). */
  static Path build(Path sources, Path dir, String revision, KeyPair keys) throws IOException {
    Path output = dir.resolve(revision + ".tar.gz");
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("build", sources.toString(),
        "--opa", TestSupport.opa().toString(), "--revision", revision, "-o", output.toString()));
    if (keys != null) {
      Path key = dir.resolve(revision + "-key.pem");
      Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
      args.addAll(java.util.List.of("--signing-key", key.toString(), "--signing-alg", "RS256"));
    }
    assertEquals(0, new CommandLine(new PolicyCommand()).execute(args.toArray(String[]::new)));
    return output;
  }

  /** Packs files as a gzipped tar, as opa does. */
  static byte[] tarGz(Map<String, byte[]> files) throws IOException {
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
}
