package io.twinguard.policies.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.policies.TestSupport;
import io.twinguard.policies.cli.PolicyCommand;
import io.twinguard.policies.testing.PolicyBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import picocli.CommandLine;

/** Builds real (signed) bundles with {@code twinguard policy build}, i.e. the pinned opa. */
final class SignedBundles {

  private SignedBundles() {}

  static String publicPem(KeyPair keys) {
    return PolicyBundles.pem("PUBLIC KEY", keys.getPublic().getEncoded());
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
      Files.writeString(key, PolicyBundles.pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
      args.addAll(java.util.List.of("--signing-key", key.toString(), "--signing-alg", "RS256"));
    }
    assertEquals(0, new CommandLine(new PolicyCommand()).execute(args.toArray(String[]::new)));
    return output;
  }
}
