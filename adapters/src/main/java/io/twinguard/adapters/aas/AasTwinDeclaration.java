package io.twinguard.adapters.aas;

import io.twinguard.adapters.SettingsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.digitaltwin.aas4j.v3.model.Property;
import org.eclipse.digitaltwin.aas4j.v3.model.Qualifiable;
import org.eclipse.digitaltwin.aas4j.v3.model.Qualifier;
import org.eclipse.digitaltwin.aas4j.v3.model.Submodel;
import org.eclipse.digitaltwin.aas4j.v3.model.SubmodelElement;
import org.eclipse.digitaltwin.aas4j.v3.model.SubmodelElementCollection;

/**
 * Turns an AAS descriptor (AAS Part 2, {@code AssetAdministrationShellDescriptor}) and its
 * submodels (aas4j) into the registry's twin declaration, in the file and API shape the broker's
 * registry reads: one block per submodel, its kind, IP class and personal-data categories declared
 * by {@link AasSemantics}, a {@code read} operation, a {@code write} command when a Property is
 * writable, and the {@code aas} adapter that serves both through the submodel's endpoint. Pure.
 */
public final class AasTwinDeclaration {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Set<String> IP_CLASSES = Set.of("open", "licensed", "proprietary");
  private static final Set<String> KINDS = Set.of("data", "model", "service");

  /**
   * @param trustDomain the twin's SPIFFE trust domain, e.g. {@code city.example}
   * @param org the organisation that registers the twin (an AAS names no owner)
   * @param timeoutMs the adapter's time limit per exchange with the AAS server
   */
  public record Options(String trustDomain, String org, long timeoutMs) {
    public Options {
      Objects.requireNonNull(trustDomain, "trustDomain");
      Objects.requireNonNull(org, "org");
    }
  }

  /**
   * @param twin the registry's twin declaration
   * @param skipped submodel elements that are not Properties and so are not served, for the integrator
   */
  public record Declared(JsonObject twin, List<String> skipped) {
    public Declared {
      twin = twin.copy();
      skipped = List.copyOf(skipped);
    }

    @Override
    public JsonObject twin() {
      return twin.copy();
    }
  }

  private AasTwinDeclaration() {}

  /**
   * Declares the twin.
   *
   * @param submodels the submodels the descriptor lists, by id
   * @throws SettingsException naming the path in the descriptor of every problem
   */
  public static Declared from(JsonObject descriptor, Map<String, Submodel> submodels, Options options) {
    List<String> errors = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    String name = name(descriptor.getString("idShort"), "descriptor.idShort", errors);
    String twinClass = name(lastSegment(descriptor.getString("assetType")), "descriptor.assetType", errors);
    JsonArray blocks = new JsonArray();
    JsonArray served = new JsonArray();
    JsonArray descriptors = descriptor.getJsonArray("submodelDescriptors", new JsonArray());
    for (int i = 0; i < descriptors.size(); i++) {
      String path = "descriptor.submodelDescriptors[" + i + "]";
      JsonObject sd = descriptors.getJsonObject(i);
      Submodel submodel = submodels.get(sd.getString("id"));
      String url = AasDescriptors.submodelUrl(sd);
      if (submodel == null || url == null) {
        errors.add(path + ": " + (url == null ? "no SUBMODEL-3.0 endpoint with an http(s) href" : "submodel " + sd.getString("id") + " was not fetched"));
        continue;
      }
      declareBlock(submodel, url, path, blocks, served, skipped, errors);
    }
    if (descriptors.isEmpty()) {
      errors.add("descriptor.submodelDescriptors: at least one submodel is required");
    }
    if (!errors.isEmpty()) {
      throw new SettingsException(errors);
    }
    JsonObject twin = new JsonObject()
        .put("id", "spiffe://" + options.trustDomain() + "/twin/" + name)
        .put("org", options.org())
        .put("class", twinClass)
        .put("adapter", new JsonObject().put("type", AasFactory.TYPE).put("settings", new JsonObject()
            .put("timeout_ms", options.timeoutMs()).put("submodels", served)))
        .put("blocks", blocks);
    return new Declared(twin, skipped);
  }

  private static void declareBlock(Submodel submodel, String url, String path, JsonArray blocks, JsonArray served,
      List<String> skipped, List<String> errors) {
    String semanticId = submodel.getSemanticId() == null || submodel.getSemanticId().getKeys().isEmpty()
        ? "" : submodel.getSemanticId().getKeys().get(0).getValue();
    AasSemantics.Template template = AasSemantics.TEMPLATES.getOrDefault(semanticId, AasSemantics.UNKNOWN);
    String kind = qualifier(submodel, AasSemantics.BLOCK_KIND).orElse(template.kind());
    String ipClass = qualifier(submodel, AasSemantics.IP_CLASS).orElse(template.ipClass());
    if (!KINDS.contains(kind)) {
      errors.add(path + ": qualifier " + AasSemantics.BLOCK_KIND + " must be data, model or service, not '" + kind + "'");
    }
    if (!IP_CLASSES.contains(ipClass)) {
      errors.add(path + ": qualifier " + AasSemantics.IP_CLASS + " must be open, licensed or proprietary, not '" + ipClass + "'");
    }
    String blockName = name(submodel.getIdShort(), path + " (submodel idShort)", errors);
    List<String> submodelCategories = qualifier(submodel, AasSemantics.DATA_CATEGORY).map(List::of).orElse(template.categories());
    Map<String, Property> properties = new LinkedHashMap<>();
    collect("", submodel.getSubmodelElements(), properties, skipped, submodel.getIdShort());
    Set<String> categories = new LinkedHashSet<>();
    JsonObject fields = new JsonObject();
    JsonArray elements = new JsonArray();
    JsonObject writable = new JsonObject();
    properties.forEach((elementPath, property) -> {
      String valueType = "xs:" + lowerCamel(property.getValueType().name());
      List<String> own = qualifier(property, AasSemantics.DATA_CATEGORY).map(List::of).orElse(submodelCategories);
      own.forEach(category -> fields.put("/" + elementPath, category));
      categories.addAll(own);
      boolean canWrite = qualifier(property, AasSemantics.WRITABLE).map("true"::equals).orElse(false);
      elements.add(new JsonObject().put("path", elementPath).put("type", valueType).put("writable", canWrite));
      if (canWrite) {
        writable.put(elementPath, new JsonObject().put("type", XsdValues.jsonType(valueType)));
      }
    });
    JsonObject operations = new JsonObject().put("read", new JsonObject().put("command", false)
        .put("schema", new JsonObject().put("type", "object").put("maxProperties", 0)));
    if (!writable.isEmpty()) {
      operations.put("write", new JsonObject().put("command", true).put("schema", new JsonObject()
          .put("type", "object").put("minProperties", 1).put("additionalProperties", false).put("properties", writable)));
    }
    blocks.add(new JsonObject()
        .put("kind", kind).put("name", blockName).put("ip_class", ipClass)
        .put("data_categories", new JsonArray(List.copyOf(categories))).put("fields", fields)
        .put("actuators", new JsonArray()).put("signature_required", false).put("operations", operations));
    served.add(new JsonObject().put("block", kind + "/" + blockName).put("url", url).put("elements", elements));
  }

  private static void collect(String prefix, List<SubmodelElement> elements, Map<String, Property> out, List<String> skipped, String submodel) {
    for (SubmodelElement element : elements) {
      String path = prefix + element.getIdShort();
      if (element instanceof Property property) {
        out.put(path, property);
      } else if (element instanceof SubmodelElementCollection collection) {
        collect(path + ".", collection.getValue(), out, skipped, submodel);
      } else {
        skipped.add(submodel + "/" + path + " (" + element.getClass().getSimpleName().replace("Default", "") + ")");
      }
    }
  }

  private static java.util.Optional<String> qualifier(Qualifiable element, String type) {
    return element.getQualifiers().stream().filter(q -> type.equals(q.getType())).map(Qualifier::getValue)
        .filter(Objects::nonNull).map(String::trim).findFirst();
  }

  /** A registry name from an idShort: {@code ThermalModel} becomes {@code thermal-model}. */
  static String name(String idShort, String path, List<String> errors) {
    String text = idShort == null ? "" : idShort.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
    if (!NAME.matcher(text).matches()) {
      errors.add(path + ": '" + idShort + "' gives no registry name (a-z, 0-9, '.', '_', '-')");
    }
    return text;
  }

  private static String lastSegment(String text) {
    return text == null ? null : text.substring(Math.max(text.lastIndexOf('/'), text.lastIndexOf(':')) + 1);
  }

  private static String lowerCamel(String enumName) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : enumName.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    String camel = out.toString();
    return camel.replace("base64binary", "base64Binary").replace("gmonth", "gMonth")
        .replace("gday", "gDay").replace("gyear", "gYear").replace("anyUri", "anyURI");
  }
}
