package io.twinguard.policies;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The policy input contract, {@code schema/input.schema.json} (JSON Schema draft 2020-12), as the
 * build copies it into the jar. Thread-safe.
 */
public final class PolicyInputSchema {

  /** Where the build puts the input schema in the jar. */
  public static final String RESOURCE = "/io/twinguard/policies/schema/input.schema.json";

  private static final Schema SCHEMA = load();

  private PolicyInputSchema() {}

  /**
   * What is wrong with an input, one line per problem naming where (a JSON path); empty when the
   * input follows the schema.
   */
  public static List<String> problems(String json) {
    try {
      List<Error> errors = SCHEMA.validate(json, InputFormat.JSON);
      return errors.stream().map(PolicyInputSchema::describe).toList();
    } catch (RuntimeException e) {
      return List.of("the input is not JSON: " + e.getMessage());
    }
  }

  private static String describe(Error error) {
    String where = error.getInstanceLocation().toString();
    return (where.isEmpty() ? "/" : where) + ": " + error.getMessage();
  }

  private static Schema load() {
    try (InputStream in = PolicyInputSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + RESOURCE);
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
