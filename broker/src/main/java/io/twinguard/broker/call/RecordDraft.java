package io.twinguard.broker.call;

import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit record of one call while the stages fill it in ({@link Stage#describe}), then {@link
 * #conclude concluded} by the outcome. Only values the broker checked go in: a twin, block or
 * operation the registry does not know stays null, so a caller cannot write arbitrary text into the
 * log. The record carries identifiers, categories and digests, never a payload or a personal-data
 * value. Confined to the thread that builds it.
 */
public final class RecordDraft {

  private String decisionId;
  private Instant time;
  private String requestDigest;
  private String caller;
  private String purpose;
  private List<String> subjects = List.of();
  private String target;
  private JsonObject block;
  private String operation;
  private List<String> dataCategories = List.of();
  private boolean signed;
  private List<String> consents = List.of();
  private String bundleRevision;
  private Integer upstreamStatus;
  private List<JsonObject> obligations = List.of();
  private String responseDigest;

  RecordDraft received(String decisionId, Instant time, String requestDigest) {
    this.decisionId = decisionId;
    this.time = time;
    this.requestDigest = requestDigest;
    return this;
  }

  RecordDraft caller(String id) {
    this.caller = id;
    return this;
  }

  RecordDraft purpose(String purpose) {
    this.purpose = purpose;
    return this;
  }

  RecordDraft subjects(List<String> subjects) {
    this.subjects = List.copyOf(subjects);
    return this;
  }

  RecordDraft target(String id) {
    this.target = id;
    return this;
  }

  RecordDraft block(String kind, String name) {
    this.block = new JsonObject().put("kind", kind).put("name", name);
    return this;
  }

  RecordDraft operation(String name) {
    this.operation = name;
    return this;
  }

  RecordDraft dataCategories(List<String> categories) {
    this.dataCategories = List.copyOf(categories);
    return this;
  }

  RecordDraft signed(boolean signed) {
    this.signed = signed;
    return this;
  }

  RecordDraft consents(List<String> ids) {
    this.consents = List.copyOf(ids);
    return this;
  }

  RecordDraft bundleRevision(String revision) {
    this.bundleRevision = revision;
    return this;
  }

  RecordDraft upstreamStatus(int status) {
    this.upstreamStatus = status;
    return this;
  }

  RecordDraft obligations(List<JsonObject> applied) {
    this.obligations = List.copyOf(applied);
    return this;
  }

  RecordDraft responseDigest(String digest) {
    this.responseDigest = digest;
    return this;
  }

  /** The record of a call that reached {@code stage} and ended as {@code outcome}. */
  public static JsonObject of(Stage stage, Outcome outcome) {
    RecordDraft draft = new RecordDraft();
    stage.describe(draft);
    return draft.conclude(outcome);
  }

  private JsonObject conclude(Outcome outcome) {
    JsonArray reasons = new JsonArray();
    String verdict = "allow";
    String problem = null;
    if (outcome instanceof Outcome.Refused refused) {
      Refusal refusal = refused.refusal();
      verdict = "refused";
      problem = refusal.problem().type().type().toString();
      if (refusal instanceof Refusal.Denied denied) {
        verdict = "deny";
        consents = denied.consents();
        bundleRevision = denied.deny().revision();
        denied.deny().reasons().forEach(r -> reasons.add(
            new JsonObject().put("policy", r.policy()).put("code", r.code()).put("message", r.message())));
      } else if (refusal instanceof Refusal.PolicyUnavailable unavailable) {
        consents = unavailable.consents();
        bundleRevision = unavailable.revision();
      }
    }
    JsonObject record = new JsonObject()
        .put("kind", "decision")
        .put("decision_id", decisionId)
        .put("time", DateTimeFormatter.ISO_INSTANT.format(time))
        .put("caller", caller)
        .put("target", target)
        .put("block", block)
        .put("operation", operation)
        .put("purpose", purpose)
        .put("subjects", new JsonArray(new ArrayList<>(subjects)))
        .put("data_categories", new JsonArray(new ArrayList<>(dataCategories)))
        .put("signed", signed)
        .put("consents", new JsonArray(new ArrayList<>(consents)))
        .put("bundle_revision", bundleRevision)
        .put("request_digest", requestDigest)
        .put("obligations", new JsonArray(new ArrayList<>(obligations)))
        .put("reasons", reasons)
        .put("decision", verdict)
        .put("status", outcome.status());
    if (problem != null) {
      record.put("problem", problem);
    }
    if (responseDigest != null) {
      record.put("response_digest", responseDigest);
    }
    if (upstreamStatus != null) {
      record.put("upstream_status", upstreamStatus);
    }
    return record;
  }
}
