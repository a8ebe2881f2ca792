package io.twinguard.tests.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.twinguard.adapters.StandardAdapters;
import io.twinguard.adapters.blackbox.SandboxOptions;

/**
 * The arrows between modules as ../shared/ARCHITECTURE.md draws them, checked on the compiled main
 * classes of every module: a wrong import fails the build. (Rules are methods, not fields: Surefire
 * 3.5.3 does not run {@code @ArchTest} fields, TNG/ArchUnit#1442.)
 *
 * <pre>
 * common  <-  signing  <-  policies      <-\
 *             signing  <-  audit-ledger  <--- broker  <-  examples  <-  launcher
 * adapters (on signing and common only): never the broker; the broker sees only their SPI
 *          (io.twinguard.adapters), and only serve wires the standard adapters (StandardAdapters)
 * consent  (on audit-ledger, signing, common): never the broker, policies or adapters
 * </pre>
 */
@AnalyzeClasses(packages = "io.twinguard",
    importOptions = {ImportOption.DoNotIncludeTests.class, ModuleArrowsTest.DoNotIncludeTestJars.class})
class ModuleArrowsTest {

  /** The modules' test-jars (test fixtures and tests, on this module's class path) are no module's code. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  static final String COMMON = "io.twinguard.common..";
  static final String SIGNING = "io.twinguard.signing..";
  static final String POLICIES = "io.twinguard.policies..";
  static final String AUDIT = "io.twinguard.audit..";
  static final String CONSENT = "io.twinguard.consent..";
  static final String ADAPTERS = "io.twinguard.adapters..";
  static final String BROKER = "io.twinguard.broker..";
  static final String EXAMPLES = "io.twinguard.examples..";
  static final String LAUNCHER = "io.twinguard.cli..";
  static final String TESTS = "io.twinguard.tests..";

  @ArchTest
  static void commonDependsOnNoModule(JavaClasses classes) {
    noClasses().that().resideInAPackage(COMMON)
        .should().dependOnClassesThat().resideInAnyPackage(SIGNING, POLICIES, AUDIT, CONSENT, ADAPTERS, BROKER,
            EXAMPLES, LAUNCHER, TESTS)
        .check(classes);
  }

  @ArchTest
  static void signingDependsOnCommonOnly(JavaClasses classes) {
    noClasses().that().resideInAPackage(SIGNING)
        .should().dependOnClassesThat().resideInAnyPackage(POLICIES, AUDIT, CONSENT, ADAPTERS, BROKER, EXAMPLES,
            LAUNCHER, TESTS)
        .check(classes);
  }

  @ArchTest
  static void policiesDependOnSigningAndCommonOnly(JavaClasses classes) {
    noClasses().that().resideInAPackage(POLICIES)
        .should().dependOnClassesThat().resideInAnyPackage(AUDIT, CONSENT, ADAPTERS, BROKER, EXAMPLES, LAUNCHER, TESTS)
        .check(classes);
  }

  @ArchTest
  static void auditLedgerDependsOnSigningAndCommonOnly(JavaClasses classes) {
    noClasses().that().resideInAPackage(AUDIT)
        .should().dependOnClassesThat().resideInAnyPackage(POLICIES, CONSENT, ADAPTERS, BROKER, EXAMPLES, LAUNCHER,
            TESTS)
        .check(classes);
  }

  @ArchTest
  static void adaptersNeverDependOnTheBroker(JavaClasses classes) {
    noClasses().that().resideInAPackage(ADAPTERS)
        .should().dependOnClassesThat().resideInAnyPackage(POLICIES, AUDIT, CONSENT, BROKER, EXAMPLES, LAUNCHER, TESTS)
        .check(classes);
  }

  @ArchTest
  static void brokerKnowsOnlyTheAdapterSpi(JavaClasses classes) {
    noClasses().that().resideInAPackage(BROKER).and().resideOutsideOfPackage("io.twinguard.broker.serve..")
        .should().dependOnClassesThat(resideInAnyPackage("io.twinguard.adapters.(*)..")
            .or(type(StandardAdapters.class)))
        .check(classes);
  }

  @ArchTest
  static void serveWiresTheStandardAdaptersByTheirSpiAndSandboxOptionsOnly(JavaClasses classes) {
    noClasses().that().resideInAPackage("io.twinguard.broker.serve..")
        .should().dependOnClassesThat(resideInAnyPackage("io.twinguard.adapters.(*)..")
            .and(not(type(SandboxOptions.class))))
        .check(classes);
  }

  @ArchTest
  static void consentNeverDependsOnTheBroker(JavaClasses classes) {
    noClasses().that().resideInAPackage(CONSENT)
        .should().dependOnClassesThat().resideInAnyPackage(POLICIES, ADAPTERS, BROKER, EXAMPLES, LAUNCHER, TESTS)
        .check(classes);
  }

  @ArchTest
  static void brokerNeverDependsOnExamplesOrTheLauncher(JavaClasses classes) {
    noClasses().that().resideInAPackage(BROKER)
        .should().dependOnClassesThat().resideInAnyPackage(EXAMPLES, LAUNCHER, TESTS)
        .check(classes);
  }

  @ArchTest
  static void examplesNeverDependOnTheLauncher(JavaClasses classes) {
    noClasses().that().resideInAPackage(EXAMPLES)
        .should().dependOnClassesThat().resideInAnyPackage(LAUNCHER, TESTS)
        .check(classes);
  }
}
