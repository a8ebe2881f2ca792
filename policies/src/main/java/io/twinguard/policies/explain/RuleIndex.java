package io.twinguard.policies.explain;

import io.twinguard.policies.authoring.OpaBinary;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every rule of a bundle's policies that builds a reason ({@code result.reason(policy, code, ...)})
 * or an obligation ({@code result.obligation(type, ...)}), found in the Rego sources' syntax trees
 * ({@code opa parse}), so that a decision's reasons can be traced to the rules that gave them. The
 * index of the policies built into the jar is made by the Maven build ({@link #BUNDLED}).
 *
 * @param sites every site, in file and line order
 */
public record RuleIndex(List<RuleSite> sites) {

  /** The index of the policies built into the jar. */
  public static final String BUNDLED = "/io/twinguard/policies/rules.json";

  private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(30);

  public RuleIndex {
    sites = List.copyOf(sites);
  }

  /** An index knowing no rule: explanations then name the policies' reasons without their rules. */
  public static RuleIndex empty() {
    return new RuleIndex(List.of());
  }

  /** The sites that give reason {@code code} of {@code policy}. */
  public List<RuleSite> reason(String policy, String code) {
    return sites.stream()
        .filter(s -> s.kind().equals(RuleSite.REASON) && s.policy().equals(policy) && s.code().equals(code))
        .toList();
  }

  /** The sites that give obligations of {@code type}. */
  public List<RuleSite> obligation(String type) {
    return sites.stream().filter(s -> s.kind().equals(RuleSite.OBLIGATION) && s.code().equals(type)).toList();
  }

  public JsonObject toJson() {
    JsonArray all = new JsonArray();
    sites.forEach(site -> all.add(site.toJson()));
    return new JsonObject().put("rules", all);
  }

  /** Reads {@link #toJson}; throws IllegalArgumentException when it is not one. */
  public static RuleIndex fromJson(String json) {
    try {
      JsonArray rules = new JsonObject(json).getJsonArray("rules");
      List<RuleSite> sites = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        sites.add(RuleSite.fromJson(rules.getJsonObject(i)));
      }
      return new RuleIndex(sites);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a rule index", e);
    }
  }

  /** The index of the policies built into the jar. */
  public static RuleIndex bundled() {
    try (InputStream in = RuleIndex.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + BUNDLED + ": build it with Maven");
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Indexes the Rego modules under {@code root} (test modules excepted), parsing each with opa.
   * Blocking: a worker thread's work.
   *
   * @throws IOException when a module cannot be read or opa cannot parse it
   * @throws InterruptedException when the thread is interrupted
   */
  public static RuleIndex of(OpaBinary opa, Path root) throws IOException, InterruptedException {
    List<Path> modules;
    try (Stream<Path> paths = Files.walk(root)) {
      modules = paths.filter(p -> p.toString().endsWith(".rego") && !p.toString().endsWith("_test.rego"))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
    List<RuleSite> sites = new ArrayList<>();
    for (Path module : modules) {
      String file = root.relativize(module).toString().replace('\\', '/');
      OpaBinary.Run run = opa.run(List.of("parse", "--format", "json", "--json-include", "locations", file),
          root, PARSE_TIMEOUT);
      if (run.exitCode() != 0) {
        throw new IOException("opa cannot parse " + file + ": " + run.errors().lines().findFirst().orElse(""));
      }
      sites.addAll(RegoTree.sites(new JsonObject(run.output()), file));
    }
    return new RuleIndex(sites);
  }

  /**
   * Indexes the Rego modules among a bundle's files (names relative to its root), unpacked into a
   * temporary directory removed afterwards. Blocking.
   *
   * @throws IOException when a module cannot be written or parsed, or a name leaves the bundle
   * @throws InterruptedException when the thread is interrupted
   */
  public static RuleIndex of(OpaBinary opa, Map<String, byte[]> files) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("twinguard-rules-");
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        if (file.getKey().endsWith(".rego") && !file.getKey().endsWith("_test.rego")) {
          Path target = dir.resolve(file.getKey()).normalize();
          if (!target.startsWith(dir) || target.equals(dir)) {
            throw new IOException("bundle file " + file.getKey() + " leaves the bundle's directory");
          }
          Files.createDirectories(target.getParent());
          Files.write(target, file.getValue());
        }
      }
      return of(opa, dir);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /**
   * Writes the index of the Rego modules under a directory to a file: {@code RuleIndex OPA DIR
   * OUT}. The Maven build runs it for the policies built into the jar.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: RuleIndex OPA REGO_DIR OUTPUT");
    }
    RuleIndex index = of(OpaBinary.locate(Optional.of(Path.of(args[0]))), Path.of(args[1]));
    Path output = Path.of(args[2]);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, index.toJson().encodePrettily(), StandardCharsets.UTF_8);
  }
}
