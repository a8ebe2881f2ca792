package io.twinguard.broker.registry;

import io.twinguard.common.twin.BlockKind;
import io.twinguard.common.yaml.Yaml;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads and writes the registry in its file and API form (YAML or JSON with the same shape):
 *
 * <pre>
 * trust_domain: city.example
 * twins:
 *   - id: spiffe://city.example/twin/hvac-room-1
 *     org: hvac-co
 *     class: hvac
 *     endpoint: https://127.0.0.1:9001
 *     notifications: https://127.0.0.1:9001/notices   # optional: consent withdrawal notices
 *     blocks:
 *       - kind: gateway          # gateway | data | model | service
 *         name: doors
 *         ip_class: open         # open | licensed | proprietary (default open)
 *         data_categories: []    # DPV personal-data terms
 *         fields: {}             # response JSON Pointer -> DPV category
 *         actuators: [door-1]
 *         signature_required: false
 *         operations:
 *           open: {command: true, schema: {type: object}}
 * </pre>
 *
 * Every error is a {@link RegistryException} naming the path of the offending value, e.g. {@code
 * twins[1].blocks[0].kind: must be ...}.
 */
public final class RegistryCodec {

  private RegistryCodec() {}

  /**
   * Parses a registry file (YAML, and so also JSON).
   *
   * @throws RegistryException naming the path and the problem when the file is invalid
   */
  public static Registry parseYaml(String text) {
    JsonObject json;
    try {
      json = new JsonObject(Yaml.parseMapping(text, "registry file"));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(e.getMessage(), e);
    }
    return fromJson(json);
  }

  /** @throws RegistryException naming the path and the problem */
  public static Registry fromJson(JsonObject json) {
    String trustDomain = at("trust_domain", () -> requiredString(json, "trust_domain"));
    JsonArray twins = at("twins", () -> json.getJsonArray("twins", new JsonArray()));
    List<Twin> parsed = new ArrayList<>();
    for (int i = 0; i < twins.size(); i++) {
      String path = "twins[" + i + "]";
      Object value = twins.getValue(i);
      parsed.add(twinFromJson(at(path, () -> requiredObject(value)), path));
    }
    return at("twins", () -> Registry.of(trustDomain, parsed));
  }

  /** @throws RegistryException naming the path and the problem */
  public static Twin twinFromJson(JsonObject json, String path) {
    String id = at(path + ".id", () -> requiredString(json, "id"));
    String name = id.substring(id.lastIndexOf('/') + 1);
    URI endpoint = at(path + ".endpoint", () -> endpoint(requiredString(json, "endpoint")));
    Optional<URI> notifications = at(path + ".notifications", () -> Optional.ofNullable(json.getString("notifications"))
        .map(RegistryCodec::notifications));
    JsonArray blocks = at(path + ".blocks", () -> json.getJsonArray("blocks", new JsonArray()));
    Map<String, Block> parsed = new LinkedHashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      String blockPath = path + ".blocks[" + i + "]";
      Object value = blocks.getValue(i);
      Block block = blockFromJson(at(blockPath, () -> requiredObject(value)), blockPath);
      if (parsed.putIfAbsent(Twin.key(block.kind(), block.name()), block) != null) {
        throw new RegistryException(blockPath + ": a " + block.kind().wireName() + " block named '" + block.name() + "' is declared twice");
      }
    }
    return at(path, () -> new Twin(
        id, name, json.getString("org"), json.getString("class"), endpoint, parsed, notifications));
  }

  /** The file and API form of a registry; {@link #fromJson} reads it back. */
  public static JsonObject toJson(Registry registry) {
    JsonArray twins = new JsonArray();
    registry.twins().forEach(twin -> twins.add(twinToJson(twin)));
    return new JsonObject().put("trust_domain", registry.trustDomain()).put("twins", twins);
  }

  /** The file and API form of a twin; {@link #twinFromJson} reads it back. */
  public static JsonObject twinToJson(Twin twin) {
    JsonArray blocks = new JsonArray();
    twin.blocks().values().forEach(block -> {
      JsonObject operations = new JsonObject();
      block.operations().values().forEach(op -> operations.put(op.name(),
          new JsonObject().put("command", op.command()).put("schema", op.payloadSchema())));
      blocks.add(new JsonObject()
          .put("kind", block.kind().wireName())
          .put("name", block.name())
          .put("ip_class", block.ipClass().wireName())
          .put("data_categories", new JsonArray(block.dataCategories()))
          .put("fields", new JsonObject(new LinkedHashMap<>(block.fields())))
          .put("actuators", new JsonArray(block.actuators()))
          .put("signature_required", block.signatureRequired())
          .put("operations", operations));
    });
    JsonObject json = new JsonObject()
        .put("id", twin.id())
        .put("org", twin.org())
        .put("class", twin.twinClass())
        .put("endpoint", twin.endpoint().toString());
    twin.notifications().ifPresent(url -> json.put("notifications", url.toString()));
    return json.put("blocks", blocks);
  }

  private static Block blockFromJson(JsonObject json, String path) {
    BlockKind kind = at(path + ".kind", () -> BlockKind.parse(requiredString(json, "kind")));
    IpClass ipClass = at(path + ".ip_class", () -> IpClass.parse(json.getString("ip_class", "open")));
    List<String> categories = at(path + ".data_categories", () -> strings(json.getJsonArray("data_categories", new JsonArray())));
    List<String> actuators = at(path + ".actuators", () -> strings(json.getJsonArray("actuators", new JsonArray())));
    Map<String, String> fields = at(path + ".fields", () -> stringMap(json.getJsonObject("fields", new JsonObject())));
    boolean signatureRequired = at(path + ".signature_required", () -> json.getBoolean("signature_required", false));
    JsonObject operations = at(path + ".operations", () -> json.getJsonObject("operations", new JsonObject()));
    Map<String, Operation> parsed = new LinkedHashMap<>();
    for (String name : operations.fieldNames()) {
      String opPath = path + ".operations." + name;
      JsonObject op = at(opPath, () -> operations.getValue(name) == null ? new JsonObject() : requiredObject(operations.getValue(name)));
      parsed.put(name, at(opPath, () -> new Operation(
          name, op.getJsonObject("schema", new JsonObject()), op.getBoolean("command", false))));
    }
    return at(path, () -> new Block(kind, json.getString("name"), parsed, categories, fields, ipClass, actuators, signatureRequired));
  }

  private static <T> T at(String path, Supplier<T> read) {
    try {
      return read.get();
    } catch (ClassCastException e) {
      throw new RegistryException(path + ": wrong type of value", e);
    } catch (RegistryException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RegistryException(path + ": " + (e.getMessage() == null ? "required" : e.getMessage()), e);
    }
  }

  private static String requiredString(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("required");
    }
    return value;
  }

  private static JsonObject requiredObject(Object value) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new IllegalArgumentException("must be a mapping");
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s) || s.isBlank()) {
        throw new IllegalArgumentException("item " + i + " must be a non-empty string");
      }
      out.add(s);
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonObject object) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : object.fieldNames()) {
      if (!(object.getValue(key) instanceof String s)) {
        throw new IllegalArgumentException("value of '" + key + "' must be a string");
      }
      out.put(key, s);
    }
    return out;
  }

  private static URI notifications(String text) {
    URI uri = endpoint(text);
    if (!"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("must be an https URL, not '" + text + "'");
    }
    return uri;
  }

  private static URI endpoint(String text) {
    try {
      URI uri = new URI(text);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("must be an http or https URL with a host, not '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: '" + text + "'", e);
    }
  }
}
