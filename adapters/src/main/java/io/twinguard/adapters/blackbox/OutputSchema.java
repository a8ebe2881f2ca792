package io.twinguard.adapters.blackbox;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A compiled JSON Schema (draft 2020-12) that a model's output or input must satisfy. Only local
 * references ({@code #...}) are accepted, so that compiling or validating never fetches anything.
 * Immutable and thread-safe.
 */
public final class OutputSchema {

  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Schema META_SCHEMA =
      SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private final Schema schema;

  private OutputSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * @throws IllegalArgumentException when the schema is not a valid JSON Schema or refers outside itself
   */
  public static OutputSchema compile(JsonObject schema) {
    checkLocal(schema);
    List<Error> faults = META_SCHEMA.validate(schema.encode(), InputFormat.JSON);
    if (!faults.isEmpty()) {
      throw new IllegalArgumentException("not a valid JSON Schema: " + faults.get(0).getInstanceLocation() + ": " + faults.get(0).getMessage());
    }
    return new OutputSchema(SCHEMAS.getSchema(schema.encode(), InputFormat.JSON));
  }

  /**
   * The violations of a JSON text, each as {@code instance location: keyword}; never the values.
   */
  public List<String> violations(String json) {
    return schema.validate(json, InputFormat.JSON).stream()
        .map(error -> error.getInstanceLocation() + ": " + error.getKeyword())
        .distinct()
        .limit(20)
        .toList();
  }

  private static void checkLocal(Object node) {
    if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        Object value = object.getValue(key);
        if ((key.equals("$ref") || key.equals("$dynamicRef") || key.equals("$schema") || key.equals("$id"))
            && (!(value instanceof String ref) || !ref.startsWith("#"))) {
          throw new IllegalArgumentException("'" + key + "' must be a local reference (#...): nothing is fetched");
        }
        checkLocal(value);
      }
    } else if (node instanceof JsonArray array) {
      array.forEach(OutputSchema::checkLocal);
    }
  }
}
