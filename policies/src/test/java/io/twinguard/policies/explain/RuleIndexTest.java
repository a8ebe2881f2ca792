package io.twinguard.policies.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The index of the bundled policies' reason and obligation rules, made by the Maven build from opa parse. */
class RuleIndexTest {

  static final Path REGO = TestSupport.root().resolve("policies/rego/policy");
  static final Pattern REASON = Pattern.compile("result\\.reason\\(\"([a-z]+)\", \"([a-z_]+)\"");

  @Test
  void bundled_everyReasonInTheSources_hasItsRuleAtTheLineThatBuildsIt() throws Exception {
    RuleIndex index = RuleIndex.bundled();
    Set<String> found = Set.of();
    try (Stream<Path> files = Files.walk(REGO)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".rego") && !f.toString().endsWith("_test.rego"))
          .toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = REASON.matcher(lines.get(i));
          if (m.find()) {
            List<RuleSite> sites = index.reason(m.group(1), m.group(2));
            assertEquals(1, sites.size(), m.group(2));
            assertEquals(REGO.relativize(file).toString(), sites.get(0).file());
            assertEquals(i + 1, sites.get(0).line(), m.group(2));
            found = Stream.concat(found.stream(), Stream.of(m.group(2))).collect(Collectors.toSet());
          }
        }
      }
    }
    assertTrue(found.size() >= 9, "reasons found in the sources: " + found);
    assertEquals(found, index.sites().stream().filter(s -> s.kind().equals(RuleSite.REASON))
        .map(RuleSite::code).collect(Collectors.toSet()));
  }

  @Test
  void bundled_consentMissing_carriesTheRuleAndItsDescription() {
    RuleSite site = RuleIndex.bundled().reason("privacy", "consent_missing").get(0);

    assertEquals("data.twinguard.privacy.deny", site.rule());
    assertEquals("Denies when a subject has no valid consent covering the call.", site.description());
  }

  @Test
  void bundled_obligations_areIndexedByType() {
    RuleIndex index = RuleIndex.bundled();

    assertEquals("data.twinguard.privacy.remedies", index.obligation("request_consent").get(0).rule());
    assertFalse(index.obligation("redact").isEmpty());
    assertFalse(index.obligation("notify_subject").isEmpty());
  }

  @Test
  void fromJson_ofToJson_isTheSameIndex() {
    RuleIndex index = RuleIndex.bundled();

    assertEquals(index, RuleIndex.fromJson(index.toJson().encode()));
  }
}
