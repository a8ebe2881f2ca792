package io.twinguard.adapters.aas;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.settings.SettingsReader;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated settings of an {@code aas} adapter, as {@link AasTwinDeclaration} writes them (see
 * the module README for the YAML).
 *
 * @param timeoutMs the limit of one exchange with the AAS server
 * @param maxResponseBytes the largest answer read
 * @param submodels the blocks, each served by one submodel
 * @param artefact the SHA-256 of the canonical JSON of the settings
 */
public record AasSettings(long timeoutMs, long maxResponseBytes, List<Served> submodels, ArtefactDigest artefact) {

  private static final Pattern ID_SHORT_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*");

  /** A Property of a submodel, by its idShort path ({@code Schedule.Start}), with its value type. */
  public record Element(String path, String type, boolean writable) {}

  /** A block served by the submodel at {@code url} (the submodel's own URL in the AAS Part 2 API). */
  public record Served(BlockRef block, String url, List<Element> elements) {
    public Served {
      elements = List.copyOf(elements);
    }

    Element element(String path) {
      return elements.stream().filter(e -> e.path().equals(path)).findFirst().orElse(null);
    }
  }

  public AasSettings {
    submodels = List.copyOf(submodels);
    Objects.requireNonNull(artefact, "artefact");
  }

  Served served(BlockRef block) {
    return submodels.stream().filter(s -> s.block().equals(block)).findFirst().orElse(null);
  }

  /**
   * Parses and checks settings.
   *
   * @throws io.twinguard.adapters.SettingsException naming every error's path
   */
  public static AasSettings parse(JsonObject settings, String path) {
    SettingsReader r = new SettingsReader(settings, path);
    r.allowOnly(Set.of("timeout_ms", "max_response_bytes", "submodels"));
    long timeoutMs = r.integer("timeout_ms", 5_000, 1, 120_000);
    long maxResponseBytes = r.integer("max_response_bytes", 1 << 20, 1, 64L << 20);
    List<Served> served = r.list("submodels", AasSettings::served);
    Set<String> blocks = new HashSet<>();
    served.stream().filter(Objects::nonNull).filter(s -> !blocks.add(s.block().toString()))
        .forEach(s -> r.error("submodels", s.block() + " is served twice"));
    if (served.isEmpty() && !r.failed()) {
      r.error("submodels", "required: at least one submodel");
    }
    r.check();
    ArtefactDigest artefact = ArtefactDigest.of(CanonicalJson.canonicalize(settings.encode()),
        "aas " + served.get(0).url().replaceAll("/submodels/.*$", ""));
    return new AasSettings(timeoutMs, maxResponseBytes, served, artefact);
  }

  private static Served served(SettingsReader r) {
    r.allowOnly(Set.of("block", "url", "elements"));
    BlockRef block = r.block("block");
    String url = r.string("url");
    if (url != null && !AasDescriptors.httpUrl(url)) {
      r.error("url", "must be an http or https URL with a host and no query, not '" + url + "'");
    }
    List<Element> elements = r.list("elements", e -> {
      e.allowOnly(Set.of("path", "type", "writable"));
      String elementPath = e.string("path");
      if (elementPath != null && !ID_SHORT_PATH.matcher(elementPath).matches()) {
        e.error("path", "must be an idShort path such as Schedule.Start, not '" + elementPath + "'");
      }
      String type = e.string("type");
      if (type != null && !type.startsWith("xs:")) {
        e.error("type", "must be an xs: value type, not '" + type + "'");
      }
      Object writable = e.raw("writable");
      if (writable != null && !(writable instanceof Boolean)) {
        e.error("writable", "must be true or false");
      }
      return new Element(elementPath, type, Boolean.TRUE.equals(writable));
    });
    if (elements.isEmpty() && !r.failed()) {
      r.error("elements", "required: at least one Property");
    }
    return block == null || url == null ? null : new Served(block, url.replaceAll("/+$", ""), elements);
  }
}
