package io.twinguard.broker.registry;

import static io.twinguard.broker.registry.JsonFields.at;
import static io.twinguard.broker.registry.JsonFields.requiredObject;
import static io.twinguard.broker.registry.JsonFields.requiredString;
import static io.twinguard.broker.registry.JsonFields.strings;

import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.SettingsException;
import io.twinguard.common.yaml.Yaml;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the registry in its file and API form (YAML or JSON with the same shape):
 *
 * <pre>
 * trust_domain: city.example
 * twins:
 *   - id: spiffe://city.example/twin/hvac-room-1
 *     org: hvac-co
 *     class: hvac
 *     endpoint: https://127.0.0.1:9001   # or adapter: {type: rest-mapping, settings: {...}}
 *     auth: [mtls, token]        # how it may authenticate: mtls, token or both (default [mtls])
 *     client_id: hvac-co         # the identity provider's client of its tokens (required with token)
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
 * A twin declares exactly one of {@code endpoint} and {@code adapter}; an adapter declaration is
 * validated by the adapter types given ({@link Adapters#validate}), without side effects. Every
 * error is a {@link RegistryException} naming the path of the offending value, e.g. {@code
 * twins[1].blocks[0].kind: must be ...} or {@code twins[3].adapter.settings.base_url: required}.
 */
public final class RegistryCodec {

  /** No adapter types: every {@code adapter} declaration is refused. */
  private static final Adapters NO_ADAPTERS = new Adapters(List.of());

  private RegistryCodec() {}

  /**
   * Parses a registry file (YAML, and so also JSON) whose twins are all reached at endpoints.
   *
   * @throws RegistryException naming the path and the problem when the file is invalid
   */
  public static Registry parseYaml(String text) {
    return parseYaml(text, NO_ADAPTERS);
  }

  /**
   * Parses a registry file (YAML, and so also JSON), validating adapter declarations with {@code adapters}.
   *
   * @throws RegistryException naming the path and the problem when the file is invalid
   */
  public static Registry parseYaml(String text, Adapters adapters) {
    JsonObject json;
    try {
      json = new JsonObject(Yaml.parseMapping(text, "registry file"));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(e.getMessage(), e);
    }
    return fromJson(json, adapters);
  }

  /** @throws RegistryException naming the path and the problem */
  public static Registry fromJson(JsonObject json) {
    return fromJson(json, NO_ADAPTERS);
  }

  /** @throws RegistryException naming the path and the problem */
  public static Registry fromJson(JsonObject json, Adapters adapters) {
    String trustDomain = at("trust_domain", () -> requiredString(json, "trust_domain"));
    JsonArray twins = at("twins", () -> json.getJsonArray("twins", new JsonArray()));
    List<Twin> parsed = new ArrayList<>();
    for (int i = 0; i < twins.size(); i++) {
      String path = "twins[" + i + "]";
      Object value = twins.getValue(i);
      parsed.add(twinFromJson(at(path, () -> requiredObject(value)), path, adapters));
    }
    return at("twins", () -> Registry.of(trustDomain, parsed));
  }

  /** @throws RegistryException naming the path and the problem */
  public static Twin twinFromJson(JsonObject json, String path) {
    return twinFromJson(json, path, NO_ADAPTERS);
  }

  /** @throws RegistryException naming the path and the problem, every one for an adapter declaration */
  public static Twin twinFromJson(JsonObject json, String path, Adapters adapters) {
    String id = at(path + ".id", () -> requiredString(json, "id"));
    String name = id.substring(id.lastIndexOf('/') + 1);
    Reach reach = reach(json, path, adapters);
    Optional<URI> notifications = at(path + ".notifications", () -> Optional.ofNullable(json.getString("notifications"))
        .map(RegistryCodec::notifications));
    JsonArray blocks = at(path + ".blocks", () -> json.getJsonArray("blocks", new JsonArray()));
    Map<String, Block> parsed = new LinkedHashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      String blockPath = path + ".blocks[" + i + "]";
      Object value = blocks.getValue(i);
      Block block = BlockCodec.fromJson(at(blockPath, () -> requiredObject(value)), blockPath);
      if (parsed.putIfAbsent(Twin.key(block.kind(), block.name()), block) != null) {
        throw new RegistryException(blockPath + ": a " + block.kind().wireName() + " block named '" + block.name() + "' is declared twice");
      }
    }
    Set<AuthMethod> auth = at(path + ".auth", () -> json.getValue("auth") == null
        ? Set.of(AuthMethod.MTLS) : authMethods(json.getJsonArray("auth")));
    Optional<String> clientId = at(path + ".client_id", () -> Optional.ofNullable(json.getString("client_id")));
    return at(path, () -> new Twin(
        id, name, json.getString("org"), json.getString("class"), reach, parsed, auth, clientId, notifications));
  }

  private static Reach reach(JsonObject json, String path, Adapters adapters) {
    if (json.containsKey("endpoint") == json.containsKey("adapter")) {
      throw new RegistryException(path + ": declare exactly one of endpoint and adapter");
    }
    if (json.containsKey("endpoint")) {
      return new Reach.Endpoint(at(path + ".endpoint", () -> endpoint(requiredString(json, "endpoint"))));
    }
    String adapterPath = path + ".adapter";
    JsonObject declaration = at(adapterPath, () -> requiredObject(json.getValue("adapter")));
    if (adapters.types().isEmpty()) {
      throw new RegistryException(adapterPath + ": no adapter types are known here; declare an endpoint");
    }
    try {
      adapters.validate(declaration, adapterPath);
    } catch (SettingsException e) {
      throw new RegistryException(e.errors(), e);
    }
    return new Reach.Adapted(declaration);
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
    twin.blocks().values().forEach(block -> blocks.add(BlockCodec.toJson(block)));
    JsonObject json = new JsonObject()
        .put("id", twin.id())
        .put("org", twin.org())
        .put("class", twin.twinClass());
    if (twin.reach() instanceof Reach.Adapted adapted) {
      json.put("adapter", adapted.declaration());
    } else {
      json.put("endpoint", twin.endpoint().toString());
    }
    json.put("auth", new JsonArray(Arrays.stream(AuthMethod.values()).filter(twin::allows)
        .map(AuthMethod::wireName).toList()));
    twin.clientId().ifPresent(client -> json.put("client_id", client));
    twin.notifications().ifPresent(url -> json.put("notifications", url.toString()));
    return json.put("blocks", blocks);
  }

  private static Set<AuthMethod> authMethods(JsonArray array) {
    Set<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
    for (String text : strings(array)) {
      if (!methods.add(AuthMethod.parse(text))) {
        throw new IllegalArgumentException("'" + text + "' is listed twice");
      }
    }
    return methods;
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
