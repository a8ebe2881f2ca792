package io.twinguard.policies.authoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.TestSupport;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.cli.PolicyCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A bundle's own Rego tests, run by the pinned opa on bundles built by {@code twinguard policy build}. */
class BundleTestsTest {

  static final Duration BOUND = Duration.ofSeconds(60);
  static final OpaBinary OPA = OpaBinary.locate(Optional.of(TestSupport.opa()));

  @TempDir static Path dir;
  static Map<String, byte[]> built;

  @BeforeAll
  static void build() throws Exception {
    Path output = dir.resolve("bundle.tar.gz");
    assertEquals(0, new CommandLine(new PolicyCommand()).execute("build", "--opa", TestSupport.opa().toString(),
        "--revision", "tests-1", "-o", output.toString()));
    built = BundleFiles.fromTarGz(Files.readAllBytes(output));
  }

  @Test
  void run_repositoryBundle_passesEveryTestItCarries() throws Exception {
    BundleTests.Outcome outcome = BundleTests.run(OPA, built, BOUND);

    BundleTests.Passed passed = assertInstanceOf(BundleTests.Passed.class, outcome);
    long carried = built.keySet().stream().filter(name -> name.endsWith("_test.rego")).count();
    assertTrue(carried >= 7 && passed.tests() > carried, "tests " + passed.tests() + " in " + carried + " files");
  }

  @Test
  void run_bundleWithAFailingTest_namesTheTestItsFileAndLine() throws Exception {
    Map<String, byte[]> files = new TreeMap<>(built);
    files.put("twinguard/privacy/extra_test.rego", ("package twinguard.privacy_test\n\n"
        + "test_success_nothing_is_special if {\n\tcount(data.twinguard.config.special_categories) == 0\n}\n")
        .getBytes(StandardCharsets.UTF_8));

    BundleTests.Outcome outcome = BundleTests.run(OPA, files, BOUND);

    BundleTests.Failed failed = assertInstanceOf(BundleTests.Failed.class, outcome);
    assertEquals(1, failed.failures().size(), failed.toString());
    BundleTests.FailedTest test = failed.failures().get(0);
    assertEquals("data.twinguard.privacy_test.test_success_nothing_is_special", test.name());
    assertEquals("twinguard/privacy/extra_test.rego", test.file());
    assertEquals(3, test.row());
  }

  @Test
  void run_bundleWithoutTests_isNotRunAndSaysWhy() throws Exception {
    Map<String, byte[]> files = new TreeMap<>(built);
    files.keySet().removeIf(name -> name.endsWith("_test.rego"));

    BundleTests.NotRun notRun = assertInstanceOf(BundleTests.NotRun.class, BundleTests.run(OPA, files, BOUND));

    assertTrue(notRun.why().contains("no Rego tests"), notRun.why());
  }

  @Test
  void run_regoThatDoesNotParse_isNotRunNamingTheFile() throws Exception {
    Map<String, byte[]> files = new TreeMap<>(built);
    files.put("twinguard/broken/broken.rego", "package twinguard.broken\n\nx :=\n".getBytes(StandardCharsets.UTF_8));

    BundleTests.NotRun notRun = assertInstanceOf(BundleTests.NotRun.class, BundleTests.run(OPA, files, BOUND));

    assertTrue(notRun.why().contains("broken.rego"), notRun.why());
  }

  @Test
  void run_slowerThanItsBound_isStoppedAndNotRun() throws Exception {
    BundleTests.NotRun notRun = assertInstanceOf(BundleTests.NotRun.class,
        BundleTests.run(OPA, built, Duration.ofMillis(1)));

    assertTrue(notRun.why().contains("did not finish"), notRun.why());
  }

  @Test
  void run_fileNameLeavingTheBundle_isRefused() {
    Map<String, byte[]> files = new TreeMap<>(built);
    files.put("../escape_test.rego", new byte[0]);

    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> BundleTests.run(OPA, files, BOUND));
  }
}
