package io.twinguard.audit.record;

import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The limits of the audit record schema ({@code audit-record.schema.json}), read from the schema
 * itself when this class loads, so that the schema and the code that bounds values have one
 * source. {@link DecisionRecord}, {@link RegistryRecord} and {@link ConsentRecord} check every component with them, and
 * the broker bounds every value at admission with the same limits, so that a record cannot fail
 * after a decision.
 *
 * <p>Lengths count Unicode code points, as JSON Schema does; patterns have JSON Schema's semantics
 * (matched anywhere unless anchored, {@code $} only at the end), through the same regular
 * expression engine that validates {@link AuditRecord#parse(String)}. Every text check also
 * refuses an unpaired surrogate, which RFC 8785 canonical JSON cannot encode.
 *
 * <p>Checks throw {@link IllegalArgumentException} whose message names the field and the limit,
 * never the refused value (it may be personal data). Loading fails with an {@link
 * ExceptionInInitializerError} when the schema is missing or lacks a limit named here.
 */
public final class RecordLimits {

  private static final JsonObject SCHEMA = load();
  private static final JsonObject DEFS = SCHEMA.getJsonObject("$defs");
  private static final JsonObject DECISION = DEFS.getJsonObject("decision").getJsonObject("properties");
  private static final JsonObject REASON =
      DECISION.getJsonObject("reasons").getJsonObject("items").getJsonObject("properties");

  /** An id (decision id, SPIFFE ID, purpose, subject, code...): 1 to 512 code points, no control characters. */
  public static final Text ID = text(DEFS.getJsonObject("id"), "an id");

  /** A reason's message: at most 2048 code points. */
  public static final Text MESSAGE = text(REASON.getJsonObject("message"), "a message");

  /** An RFC 9530 digest such as {@code sha-256=:base64:}. */
  public static final Text DIGEST = text(DEFS.getJsonObject("digest"), "an RFC 9530 sha-256 or sha-512 digest");

  /** The artefact that answered a call through an adapter: {@code sha-256:<64 lowercase hex digits>}. */
  public static final Text ARTEFACT = text(DECISION.getJsonObject("artefact"), "sha-256: and 64 lowercase hex digits");

  /** A record's time as written in the record (RFC 3339). */
  public static final Text TIME = text(SCHEMA.getJsonObject("properties").getJsonObject("time"), "an RFC 3339 time");

  /** The kinds of record: decision, forwarding, consent, registry, policy. */
  public static final Choice KIND = choice(SCHEMA.getJsonObject("properties").getJsonObject("kind"));

  /** The kinds of building block: gateway, data, model, service. */
  public static final Choice BLOCK_KIND = choice(
      DECISION.getJsonObject("block").getJsonArray("oneOf").getJsonObject(1)
          .getJsonObject("properties").getJsonObject("kind"));

  /** The policies a reason may name: privacy, ip, ethics, safety, input, engine. */
  public static final Choice POLICY = choice(REASON.getJsonObject("policy"));

  /** The outcomes of a decision record: allow, deny, refused. */
  public static final Choice VERDICT = choice(DECISION.getJsonObject("decision"));

  /** The actions of a registry record: put, delete, mode. */
  public static final Choice REGISTRY_ACTION =
      choice(DEFS.getJsonObject("registry").getJsonObject("properties").getJsonObject("action"));

  /** The events of a consent record: the DPV statuses and the outcomes of withdrawal notices. */
  public static final Choice CONSENT_EVENT =
      choice(DEFS.getJsonObject("consent").getJsonObject("properties").getJsonObject("event"));

  /** The actions of a policy record: upload, activate, rollback. */
  public static final Choice POLICY_ACTION =
      choice(DEFS.getJsonObject("policy").getJsonObject("properties").getJsonObject("action"));

  /** How a caller authenticated, in a decision record's {@code policy_input}: mtls, oidc. */
  public static final Choice AUTH = choice(policyInput().getJsonObject("auth"));

  /** The ecosystem's mode, in a decision record's {@code policy_input}: normal, emergency. */
  public static final Choice MODE = choice(policyInput().getJsonObject("mode"));

  /** The version of a consulted consent record in {@code policy_input}: 0 (none) to 2^31 - 1. */
  public static final Range CONSENT_REF_VERSION = range(policyInput().getJsonObject("consents")
      .getJsonObject("items").getJsonObject("properties").getJsonObject("version"));

  /** The version of a consent record: 1 to 2^31 - 1. */
  public static final Range CONSENT_VERSION =
      range(DEFS.getJsonObject("consent").getJsonObject("properties").getJsonObject("version"));

  /** The HTTP status the caller received: 100 to 599. */
  public static final Range STATUS = range(DECISION.getJsonObject("status"));

  /** The HTTP status the target answered with: 100 to 599. */
  /** The priority a forwarded call's policies gave it. */
  public static final Range PRIORITY = range(DEFS.getJsonObject("forwarding").getJsonObject("properties")
      .getJsonObject("priority"));

  public static final Range UPSTREAM_STATUS = range(DECISION.getJsonObject("upstream_status"));

  private RecordLimits() {}

  /** Limits of a string: length in code points and, where the schema has one, a pattern. */
  public static final class Text {
    private final int minLength;
    private final int maxLength;
    private final String pattern;
    private final RegularExpression regex;
    private final String description;

    private Text(int minLength, int maxLength, String pattern, String description) {
      this.minLength = minLength;
      this.maxLength = maxLength;
      this.pattern = pattern;
      this.regex = pattern == null ? null : JDKRegularExpressionFactory.getInstance().getRegularExpression(pattern);
      this.description = description;
    }

    /** The fewest code points a value may have (0 when the schema sets no minimum). */
    public int minLength() {
      return minLength;
    }

    /** The most code points a value may have ({@link Integer#MAX_VALUE} when the schema sets none). */
    public int maxLength() {
      return maxLength;
    }

    /** Whether the value is within these limits; false for null. */
    public boolean accepts(String value) {
      return value != null && problem(value) == null;
    }

    /**
     * @return the value, when it is within these limits
     * @throws IllegalArgumentException naming {@code field} when the value is null or breaks a limit
     */
    public String check(String value, String field) {
      if (value == null) {
        throw new IllegalArgumentException(field + ": required, " + description);
      }
      String problem = problem(value);
      if (problem != null) {
        throw new IllegalArgumentException(field + ": " + problem);
      }
      return value;
    }

    /**
     * @return the value, when it is null or within these limits
     * @throws IllegalArgumentException naming {@code field} when the value breaks a limit
     */
    public String checkOptional(String value, String field) {
      return value == null ? null : check(value, field);
    }

    private String problem(String value) {
      // code points never outnumber chars: count them only when the char count is out of range
      int length = value.length() >= minLength && value.length() <= maxLength
          ? value.length() : value.codePointCount(0, value.length());
      if (length < minLength) {
        return "shorter than " + minLength + " characters, not " + description;
      }
      if (length > maxLength) {
        return "longer than " + maxLength + " characters";
      }
      if (regex != null && !regex.matches(value)) {
        return "not " + description + " (pattern " + pattern + ")";
      }
      return Unicode.wellFormed(value) ? null : "holds an unpaired surrogate, not well-formed Unicode";
    }
  }

  /** A closed set of strings, from a schema {@code enum}. */
  public static final class Choice {
    private final Set<String> values;

    private Choice(Set<String> values) {
      this.values = Set.copyOf(values);
    }

    /** The strings allowed, as the schema lists them. */
    public Set<String> values() {
      return values;
    }

    /** Whether the value is one of {@link #values()}; false for null. */
    public boolean accepts(String value) {
      return value != null && values.contains(value);
    }

    /**
     * @return the value, when it is one of {@link #values()}
     * @throws IllegalArgumentException naming {@code field} otherwise
     */
    public String check(String value, String field) {
      if (!accepts(value)) {
        throw new IllegalArgumentException(field + ": must be one of " + values.stream().sorted().toList());
      }
      return value;
    }
  }

  /** An inclusive range of integers, from a schema's {@code minimum} and {@code maximum}. */
  public record Range(int min, int max) {

    /** Whether {@code min <= value <= max}. */
    public boolean accepts(int value) {
      return value >= min && value <= max;
    }

    /**
     * @return the value, when it is in range
     * @throws IllegalArgumentException naming {@code field} otherwise
     */
    public int check(int value, String field) {
      if (!accepts(value)) {
        throw new IllegalArgumentException(field + ": must be from " + min + " to " + max + ", not " + value);
      }
      return value;
    }
  }

  private static JsonObject policyInput() {
    return DECISION.getJsonObject("policy_input").getJsonObject("properties");
  }

  private static Text text(JsonObject schema, String description) {
    return new Text(
        schema.getInteger("minLength", 0),
        schema.getInteger("maxLength", Integer.MAX_VALUE),
        schema.getString("pattern"),
        description);
  }

  private static Choice choice(JsonObject schema) {
    JsonArray values = schema.getJsonArray("enum");
    Set<String> set = new LinkedHashSet<>();
    values.forEach(v -> set.add((String) v));
    return new Choice(set);
  }

  private static Range range(JsonObject schema) {
    return new Range(schema.getInteger("minimum"), schema.getInteger("maximum"));
  }

  /** Fails unless the schema's enum is exactly the given wire names (a Java enum mirrors it). */
  static void requireSame(Choice choice, List<String> wireNames, String what) {
    if (!choice.values().equals(Set.copyOf(wireNames))) {
      throw new IllegalStateException(
          "the record schema's " + what + " are " + choice.values() + " but the code knows " + wireNames);
    }
  }

  private static JsonObject load() {
    try (InputStream in = RecordLimits.class.getResourceAsStream("audit-record.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("audit-record.schema.json is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
