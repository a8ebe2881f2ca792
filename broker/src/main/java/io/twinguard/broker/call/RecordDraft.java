package io.twinguard.broker.call;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.audit.record.ForwardingRecord;
import io.twinguard.broker.refusal.Denied;
import io.twinguard.broker.refusal.PolicyUnavailable;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
  private DecisionRecord.BlockRef block;
  private String operation;
  private List<String> dataCategories = List.of();
  private boolean signed;
  private List<String> consents = List.of();
  private String bundleRevision;
  private Integer upstreamStatus;
  private List<JsonObject> obligations = List.of();
  private String responseDigest;
  private String artefact;
  private DecisionRecord.PolicyInputRef policyInput;

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
    this.block = new DecisionRecord.BlockRef(kind, name);
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

  RecordDraft policyInput(DecisionRecord.PolicyInputRef input) {
    this.policyInput = input;
    return this;
  }

  RecordDraft responseDigest(String digest) {
    this.responseDigest = digest;
    return this;
  }

  RecordDraft artefact(Optional<String> uri) {
    this.artefact = uri.orElse(null);
    return this;
  }

  /**
   * The record of a call that reached {@code stage} and ended as {@code outcome}.
   *
   * @throws IllegalArgumentException naming the field when a value breaks the record's limits
   */
  public static DecisionRecord of(Stage stage, Outcome outcome) {
    RecordDraft draft = new RecordDraft();
    stage.describe(draft);
    return draft.conclude(outcome);
  }

  /**
   * The record written before {@code leased} is forwarded: everything the broker established, the
   * actuators it leased and the call's priority.
   *
   * @throws IllegalArgumentException naming the field when a value breaks the record's limits
   */
  public static ForwardingRecord forwarding(Leased leased) {
    RecordDraft draft = new RecordDraft();
    leased.describe(draft);
    List<String> actuators = leased.actuators().stream().map(key -> key.substring(key.indexOf('#') + 1)).toList();
    return new ForwardingRecord(draft.decisionId, draft.time, draft.caller, draft.target, draft.block,
        draft.operation, draft.purpose, draft.subjects, draft.dataCategories, draft.signed, draft.consents,
        draft.bundleRevision, draft.requestDigest, actuators, leased.decided().allow().priority());
  }

  private DecisionRecord conclude(Outcome outcome) {
    List<DecisionRecord.Reason> reasons = List.of();
    DecisionRecord.Verdict verdict = DecisionRecord.Verdict.ALLOW;
    URI problem = null;
    if (outcome instanceof Outcome.Refused refused) {
      Refusal refusal = refused.refusal();
      verdict = DecisionRecord.Verdict.REFUSED;
      problem = refusal.problem().type().type();
      if (refusal instanceof Denied denied) {
        verdict = DecisionRecord.Verdict.DENY;
        consents = denied.consents();
        policyInput = denied.input();
        bundleRevision = denied.deny().revision();
        reasons = denied.deny().reasons().stream()
            .map(r -> new DecisionRecord.Reason(r.policy(), r.code(), r.message()))
            .toList();
      } else if (refusal instanceof PolicyUnavailable unavailable) {
        consents = unavailable.consents();
        policyInput = unavailable.input();
        bundleRevision = unavailable.revision();
      } else if (refusal instanceof Refusal.Identity identity && caller == null) {
        caller = identity.asker().orElse(null);
      }
    }
    return new DecisionRecord(decisionId, time, caller, target, block, operation, purpose, subjects, dataCategories,
        signed, consents, bundleRevision, requestDigest, verdict, outcome.status(), problem, upstreamStatus,
        responseDigest, reasons, obligations, policyInput, artefact);
  }
}
