package io.twinguard.broker.validation;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.twinguard.broker.registry.Block;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.Twin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled payload schemas (JSON Schema draft 2020-12) of one registry snapshot. Each schema is
 * checked against the draft's meta-schema and compiled once, when the registry is loaded or
 * changed, so that a broken schema is reported then and a call only runs a compiled schema.
 * Immutable and thread-safe.
 */
public final class PayloadSchemas {

  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Schema META_SCHEMA =
      SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private final Map<String, Schema> schemas;

  private PayloadSchemas(Map<String, Schema> schemas) {
    this.schemas = Map.copyOf(schemas);
  }

  /**
   * Compiles every operation's schema.
   *
   * @throws IllegalArgumentException naming the operation and the fault when a schema is not a
   *     valid JSON Schema
   */
  public static PayloadSchemas compile(Registry registry) {
    Map<String, Schema> schemas = new HashMap<>();
    for (Twin twin : registry.twins()) {
      for (Block block : twin.blocks().values()) {
        for (Operation op : block.operations().values()) {
          String key = key(twin, block, op);
          String text = op.payloadSchema().encode();
          List<Error> faults = META_SCHEMA.validate(text, InputFormat.JSON);
          if (!faults.isEmpty()) {
            throw new IllegalArgumentException("schema of " + key + " is not a valid JSON Schema: " + describe(faults.get(0)));
          }
          schemas.put(key, SCHEMAS.getSchema(text, InputFormat.JSON));
        }
      }
    }
    return new PayloadSchemas(schemas);
  }

  /**
   * Validates a payload.
   *
   * @param payload the payload as JSON text
   * @return the violations, each as {@code instance location: message}; empty when the payload is valid
   * @throws IllegalArgumentException when the operation is not of the compiled registry
   */
  public List<String> violations(Twin twin, Block block, Operation op, String payload) {
    Schema schema = schemas.get(key(twin, block, op));
    if (schema == null) {
      throw new IllegalArgumentException("no schema compiled for " + key(twin, block, op));
    }
    List<Error> errors;
    try {
      errors = schema.validate(payload, InputFormat.JSON);
    } catch (RuntimeException e) {
      return List.of("payload is not JSON");
    }
    return errors.stream().map(PayloadSchemas::describe).toList();
  }

  private static String describe(Error error) {
    return error.getInstanceLocation() + ": " + error.getMessage();
  }

  private static String key(Twin twin, Block block, Operation op) {
    return twin.name() + "/" + Twin.key(block.kind(), block.name()) + "/" + op.name();
  }
}
