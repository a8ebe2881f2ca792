package io.twinguard.audit.record;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A record of the audit log, valid against {@code audit-record.schema.json}, held as its RFC 8785
 * canonical bytes: the leaf of the log. Created from a typed record ({@link #of(DecisionRecord)},
 * {@link #of(RegistryRecord)}, {@link #of(ConsentRecord)}, {@link #of(PolicyRecord)}: valid by
 * construction, canonicalized once) or from external JSON
 * ({@link #parse(String)}: validated against the schema), so every instance is valid.
 */
public final class AuditRecord {

  private static final Schema SCHEMA = loadSchema();

  private final byte[] canonical;
  private final Fields fields;

  /**
   * The fields a compliance query filters on, read from the record when it is parsed; absent
   * fields are null or empty.
   */
  public record Fields(
      String kind,
      OffsetDateTime time,
      String decisionId,
      String caller,
      String target,
      String purpose,
      String decision,
      String bundleRevision,
      List<String> subjects,
      List<String> reasonCodes) {
    public Fields {
      subjects = List.copyOf(subjects);
      reasonCodes = List.copyOf(reasonCodes);
    }

    static Fields of(JsonObject json) {
      // a consent record names its one subject, so that a subject's query finds it too
      JsonArray subjects = "consent".equals(json.getString("kind")) && json.getString("subject") != null
          ? new JsonArray().add(json.getString("subject"))
          : json.getJsonArray("subjects", new JsonArray());
      JsonArray reasons = json.getJsonArray("reasons", new JsonArray());
      List<String> subjectIds = new ArrayList<>();
      subjects.forEach(s -> subjectIds.add((String) s));
      List<String> codes = new ArrayList<>();
      reasons.forEach(r -> codes.add(((JsonObject) r).getString("code")));
      return new Fields(
          json.getString("kind"),
          OffsetDateTime.parse(json.getString("time")),
          json.getString("decision_id"),
          json.getString("caller"),
          json.getString("target"),
          json.getString("purpose"),
          json.getString("decision"),
          // a policy record's revision is what a query by bundle revision finds
          "policy".equals(json.getString("kind")) ? json.getString("revision") : json.getString("bundle_revision"),
          subjectIds,
          codes);
    }
  }

  private AuditRecord(byte[] canonical, Fields fields) {
    this.canonical = canonical;
    this.fields = fields;
  }

  /** The leaf of a decision record: its canonical JSON, written once from the typed value. */
  public static AuditRecord of(DecisionRecord record) {
    List<String> codes = new ArrayList<>(record.reasons().size());
    record.reasons().forEach(reason -> codes.add(reason.code()));
    Fields fields = new Fields(
        "decision",
        record.time().atOffset(ZoneOffset.UTC),
        record.decisionId(),
        record.caller(),
        record.target(),
        record.purpose(),
        record.decision().wireName(),
        record.bundleRevision(),
        record.subjects(),
        codes);
    return new AuditRecord(LeafJson.decision(record).getBytes(StandardCharsets.UTF_8), fields);
  }

  /** The leaf of a forwarding record: its canonical JSON, written once from the typed value. */
  public static AuditRecord of(ForwardingRecord record) {
    Fields fields = new Fields(
        "forwarding",
        record.time().atOffset(ZoneOffset.UTC),
        record.decisionId(),
        record.caller(),
        record.target(),
        record.purpose(),
        null,
        record.bundleRevision(),
        record.subjects(),
        List.of());
    return new AuditRecord(LeafJson.forwarding(record).getBytes(StandardCharsets.UTF_8), fields);
  }

  /** The leaf of a registry record: its canonical JSON, written once from the typed value. */
  public static AuditRecord of(RegistryRecord record) {
    Fields fields = new Fields(
        "registry", record.time().atOffset(ZoneOffset.UTC), null, null, null, null, null, null, List.of(), List.of());
    return new AuditRecord(LeafJson.registry(record).getBytes(StandardCharsets.UTF_8), fields);
  }

  /**
   * The leaf of a policy record: its canonical JSON, written once from the typed value. Its
   * revision is the record's bundle revision, so that a query by revision finds its activations.
   */
  public static AuditRecord of(PolicyRecord record) {
    Fields fields = new Fields(
        "policy", record.time().atOffset(ZoneOffset.UTC), null, null, null, null, null, record.revision(),
        List.of(), List.of());
    return new AuditRecord(LeafJson.policy(record).getBytes(StandardCharsets.UTF_8), fields);
  }

  /**
   * The leaf of a consent record: its canonical JSON, written once from the typed value. Its
   * subject is the one subject of its fields, so that a query by subject finds it.
   */
  public static AuditRecord of(ConsentRecord record) {
    Fields fields = new Fields(
        "consent", record.time().atOffset(ZoneOffset.UTC), null, null, null, null, null, null,
        List.of(record.subject()), List.of());
    return new AuditRecord(LeafJson.consent(record).getBytes(StandardCharsets.UTF_8), fields);
  }

  /**
   * Validates a JSON record (for example a line of {@code twinguard audit append}) and
   * canonicalizes it.
   *
   * @throws InvalidRecordException when the text is not JSON or breaks the schema; it lists every
   *     violation
   */
  public static AuditRecord parse(String json) throws InvalidRecordException {
    List<Error> errors;
    try {
      errors = SCHEMA.validate(json, InputFormat.JSON);
    } catch (RuntimeException e) {
      throw new InvalidRecordException(List.of("not JSON: " + firstLine(e.getMessage())));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRecordException(errors.stream().map(AuditRecord::describe).distinct().toList());
    }
    try {
      byte[] canonical = CanonicalJson.canonicalize(json);
      return new AuditRecord(
          canonical, Fields.of(new JsonObject(new String(canonical, StandardCharsets.UTF_8))));
    } catch (RuntimeException e) {
      throw new InvalidRecordException(List.of("cannot canonicalize: " + firstLine(e.getMessage())));
    }
  }

  /** The canonical bytes: the leaf. */
  public byte[] leaf() {
    return canonical.clone();
  }

  /** The fields queries filter on. */
  public Fields fields() {
    return fields;
  }

  /** The canonical JSON text. */
  public String json() {
    return new String(canonical, StandardCharsets.UTF_8);
  }

  /** "required property 'caller' not found", or "/reasons/0/code: ..." below the top level. */
  private static String describe(Error error) {
    String location = error.getInstanceLocation().toString();
    boolean top = location.isEmpty() || location.equals("$") || location.equals("/");
    return top ? error.getMessage() : location + ": " + error.getMessage();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static Schema loadSchema() {
    try (InputStream in = AuditRecord.class.getResourceAsStream("audit-record.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("audit-record.schema.json is missing from the classpath");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
