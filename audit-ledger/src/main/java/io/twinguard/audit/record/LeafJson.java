package io.twinguard.audit.record;

import io.twinguard.audit.record.internal.Jcs;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The canonical JSON (RFC 8785) of the typed records, written member by member in the sorted
 * order of their names. Members the broker had not established are written as null where the
 * schema requires them and left out where it does not ({@code artefact}, {@code problem}, {@code
 * upstream_status}, {@code response_digest}; {@code twin} of a mode switch), as the record schema
 * describes.
 */
final class LeafJson {

  private LeafJson() {}

  /** The canonical UTF-8 text of a decision record. */
  static String decision(DecisionRecord r) {
    StringBuilder out = new StringBuilder(768);
    out.append('{');
    if (r.artefact() != null) {
      out.append("\"artefact\":");
      Jcs.string(out, r.artefact());
      out.append(',');
    }
    out.append("\"block\":");
    block(out, r.block());
    out.append(",\"bundle_revision\":");
    optional(out, r.bundleRevision());
    out.append(",\"caller\":");
    optional(out, r.caller());
    out.append(",\"consents\":");
    strings(out, r.consents());
    out.append(",\"data_categories\":");
    strings(out, r.dataCategories());
    out.append(",\"decision\":");
    Jcs.string(out, r.decision().wireName());
    out.append(",\"decision_id\":");
    Jcs.string(out, r.decisionId());
    out.append(",\"kind\":\"decision\",\"obligations\":[");
    List<JsonObject> obligations = r.storedObligations();
    for (int i = 0; i < obligations.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Jcs.value(out, obligations.get(i));
    }
    out.append("],\"operation\":");
    optional(out, r.operation());
    if (r.policyInput() != null) {
      out.append(",\"policy_input\":");
      policyInput(out, r.policyInput());
    }
    if (r.problem() != null) {
      out.append(",\"problem\":");
      Jcs.string(out, r.problem().toString());
    }
    out.append(",\"purpose\":");
    optional(out, r.purpose());
    out.append(",\"reasons\":[");
    for (int i = 0; i < r.reasons().size(); i++) {
      DecisionRecord.Reason reason = r.reasons().get(i);
      out.append(i > 0 ? ",{\"code\":" : "{\"code\":");
      Jcs.string(out, reason.code());
      out.append(",\"message\":");
      Jcs.string(out, reason.message());
      out.append(",\"policy\":");
      Jcs.string(out, reason.policy());
      out.append('}');
    }
    out.append("],\"request_digest\":");
    Jcs.string(out, r.requestDigest());
    if (r.responseDigest() != null) {
      out.append(",\"response_digest\":");
      Jcs.string(out, r.responseDigest());
    }
    out.append(",\"signed\":").append(r.signed());
    out.append(",\"status\":").append(r.status());
    out.append(",\"subjects\":");
    strings(out, r.subjects());
    out.append(",\"target\":");
    optional(out, r.target());
    out.append(",\"time\":");
    Jcs.string(out, DateTimeFormatter.ISO_INSTANT.format(r.time()));
    if (r.upstreamStatus() != null) {
      out.append(",\"upstream_status\":").append(r.upstreamStatus().intValue());
    }
    return out.append('}').toString();
  }

  /** The canonical UTF-8 text of a forwarding record. */
  static String forwarding(ForwardingRecord r) {
    StringBuilder out = new StringBuilder(640);
    out.append("{\"actuators\":");
    strings(out, r.actuators());
    out.append(",\"block\":");
    block(out, r.block());
    out.append(",\"bundle_revision\":");
    Jcs.string(out, r.bundleRevision());
    out.append(",\"caller\":");
    Jcs.string(out, r.caller());
    out.append(",\"consents\":");
    strings(out, r.consents());
    out.append(",\"data_categories\":");
    strings(out, r.dataCategories());
    out.append(",\"decision_id\":");
    Jcs.string(out, r.decisionId());
    out.append(",\"kind\":\"forwarding\",\"operation\":");
    Jcs.string(out, r.operation());
    out.append(",\"priority\":").append(r.priority());
    out.append(",\"purpose\":");
    Jcs.string(out, r.purpose());
    out.append(",\"request_digest\":");
    Jcs.string(out, r.requestDigest());
    out.append(",\"signed\":").append(r.signed());
    out.append(",\"subjects\":");
    strings(out, r.subjects());
    out.append(",\"target\":");
    Jcs.string(out, r.target());
    out.append(",\"time\":");
    Jcs.string(out, DateTimeFormatter.ISO_INSTANT.format(r.time()));
    return out.append('}').toString();
  }

  /** The canonical UTF-8 text of a registry record. */
  static String registry(RegistryRecord r) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"action\":");
    Jcs.string(out, r.action().wireName());
    out.append(",\"actor\":");
    Jcs.string(out, r.actor());
    out.append(",\"declaration_digest\":");
    Jcs.string(out, r.declarationDigest());
    out.append(",\"kind\":\"registry\",\"time\":");
    Jcs.string(out, DateTimeFormatter.ISO_INSTANT.format(r.time()));
    if (r.twin() != null) {
      out.append(",\"twin\":");
      Jcs.string(out, r.twin());
    }
    return out.append('}').toString();
  }

  private static void policyInput(StringBuilder out, DecisionRecord.PolicyInputRef input) {
    out.append("{\"auth\":");
    Jcs.string(out, input.auth());
    out.append(",\"consents\":[");
    for (int i = 0; i < input.consents().size(); i++) {
      DecisionRecord.ConsentVersion consent = input.consents().get(i);
      out.append(i > 0 ? ",{\"id\":" : "{\"id\":");
      Jcs.string(out, consent.id());
      out.append(",\"version\":").append(consent.version()).append('}');
    }
    out.append("],\"mode\":");
    Jcs.string(out, input.mode());
    out.append(",\"registry\":");
    Jcs.string(out, input.registry());
    out.append('}');
  }

  /** The canonical UTF-8 text of a policy record. */
  static String policy(PolicyRecord r) {
    StringBuilder out = new StringBuilder(320);
    out.append("{\"action\":");
    Jcs.string(out, r.action().wireName());
    out.append(",\"actor\":");
    Jcs.string(out, r.actor());
    out.append(",\"bundle_digest\":");
    Jcs.string(out, r.bundleDigest());
    out.append(",\"kind\":\"policy\"");
    if (r.previousRevision() != null) {
      out.append(",\"previous_revision\":");
      Jcs.string(out, r.previousRevision());
    }
    out.append(",\"revision\":");
    Jcs.string(out, r.revision());
    out.append(",\"time\":");
    Jcs.string(out, DateTimeFormatter.ISO_INSTANT.format(r.time()));
    return out.append('}').toString();
  }

  private static void block(StringBuilder out, DecisionRecord.BlockRef block) {
    if (block == null) {
      out.append("null");
    } else {
      out.append("{\"kind\":");
      Jcs.string(out, block.kind());
      out.append(",\"name\":");
      Jcs.string(out, block.name());
      out.append('}');
    }
  }

  /** The canonical UTF-8 text of a consent record. */
  static String consent(ConsentRecord r) {
    StringBuilder out = new StringBuilder(384);
    out.append("{\"actor\":");
    Jcs.string(out, r.actor());
    out.append(",\"consent_id\":");
    Jcs.string(out, r.consentId());
    out.append(",\"event\":");
    Jcs.string(out, r.event().wireName());
    out.append(",\"kind\":\"consent\",\"recipient_org\":");
    Jcs.string(out, r.recipientOrg());
    out.append(",\"record_digest\":");
    Jcs.string(out, r.recordDigest());
    out.append(",\"subject\":");
    Jcs.string(out, r.subject());
    out.append(",\"time\":");
    Jcs.string(out, DateTimeFormatter.ISO_INSTANT.format(r.time()));
    if (r.twin() != null) {
      out.append(",\"twin\":");
      Jcs.string(out, r.twin());
    }
    out.append(",\"version\":").append(r.version());
    return out.append('}').toString();
  }

  private static void optional(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
    } else {
      Jcs.string(out, value);
    }
  }

  private static void strings(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Jcs.string(out, values.get(i));
    }
    out.append(']');
  }
}
