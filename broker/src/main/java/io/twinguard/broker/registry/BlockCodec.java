package io.twinguard.broker.registry;

import static io.twinguard.broker.registry.JsonFields.at;
import static io.twinguard.broker.registry.JsonFields.requiredObject;
import static io.twinguard.broker.registry.JsonFields.requiredString;
import static io.twinguard.broker.registry.JsonFields.stringMap;
import static io.twinguard.broker.registry.JsonFields.strings;

import io.twinguard.common.twin.BlockKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A twin's block in the registry's file and API form; {@link RegistryCodec} shows the shape. */
final class BlockCodec {

  private BlockCodec() {}

  /** @throws RegistryException naming the path and the problem */
  static Block fromJson(JsonObject json, String path) {
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

  /** The file and API form of a block; {@link #fromJson} reads it back. */
  static JsonObject toJson(Block block) {
    JsonObject operations = new JsonObject();
    block.operations().values().forEach(op -> operations.put(op.name(),
        new JsonObject().put("command", op.command()).put("schema", op.payloadSchema())));
    return new JsonObject()
        .put("kind", block.kind().wireName())
        .put("name", block.name())
        .put("ip_class", block.ipClass().wireName())
        .put("data_categories", new JsonArray(block.dataCategories()))
        .put("fields", new JsonObject(new LinkedHashMap<>(block.fields())))
        .put("actuators", new JsonArray(block.actuators()))
        .put("signature_required", block.signatureRequired())
        .put("operations", operations);
  }
}
