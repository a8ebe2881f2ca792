package io.twinguard.audit.record;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The audit record of one call through the broker ({@code kind: decision} in the record schema):
 * allowed, denied by a policy, or refused by the broker itself. {@link AuditRecord#of(DecisionRecord)}
 * turns it into a leaf of the log.
 *
 * <p>Guaranteed: an instance exists only if its record passes the schema. The constructor checks
 * every component against {@link RecordLimits} and the schema's other rules (required values,
 * unique ids in each list, an absolute problem URI, obligations that are JSON objects with a
 * {@code type} id) and copies lists and obligations in, so the record cannot change afterwards.
 * Its accessors return copies of the obligations.
 *
 * @param decisionId the broker's id of the call, the {@code Twin-Decision-Id} header
 * @param time when the broker received the call, between the years 0000 and 9999
 * @param caller SPIFFE ID of the authenticated caller; null when refused before authentication
 * @param target SPIFFE ID of the registered target; null when refused before it was resolved
 * @param block the registered block called; null when refused before it was resolved
 * @param operation the registered operation called; null when refused before it was resolved
 * @param purpose the DPV purpose the caller declared; null when refused before it was read
 * @param subjects pseudonymous ids of the data subjects, unique
 * @param dataCategories the DPV personal-data categories of the block, unique
 * @param signed whether the caller's HTTP message signature was verified
 * @param consents ids of the consent records consulted, unique
 * @param bundleRevision the revision of the policy bundle that decided; null when none decided
 * @param requestDigest the RFC 9530 digest of the request content
 * @param decision the outcome
 * @param status the HTTP status the caller received, 100 to 599
 * @param problem the RFC 9457 problem type of a refusal, an absolute URI; null when released
 * @param upstreamStatus the HTTP status the target answered with; null when not forwarded
 * @param responseDigest the RFC 9530 digest of the response content; null when none
 * @param reasons why a policy denied, in the policy's order
 * @param obligations the obligations applied, each a JSON object with a {@code type} id and
 *     values that are strings, booleans, null, finite numbers, arrays or objects
 * @param policyInput what rebuilds the exact policy input with the other components (see {@link
 *     PolicyInputRef}); null when no policy input was built. Its consents name exactly {@code
 *     consents}, in that order.
 * @param artefact the SHA-256 of the artefact that answered through the target's adapter, as
 *     {@code sha-256:<hex>} (model-version binding); null when no adapter answered
 * @throws IllegalArgumentException naming the field (as the schema names it, such as {@code
 *     subjects[2]}) when a component breaks the schema
 */
public record DecisionRecord(
    String decisionId,
    Instant time,
    String caller,
    String target,
    BlockRef block,
    String operation,
    String purpose,
    List<String> subjects,
    List<String> dataCategories,
    boolean signed,
    List<String> consents,
    String bundleRevision,
    String requestDigest,
    Verdict decision,
    int status,
    URI problem,
    Integer upstreamStatus,
    String responseDigest,
    List<Reason> reasons,
    List<JsonObject> obligations,
    PolicyInputRef policyInput,
    String artefact) {

  public DecisionRecord {
    RecordLimits.ID.check(decisionId, "decision_id");
    Checks.time(time);
    RecordLimits.ID.checkOptional(caller, "caller");
    RecordLimits.ID.checkOptional(target, "target");
    RecordLimits.ID.checkOptional(operation, "operation");
    RecordLimits.ID.checkOptional(purpose, "purpose");
    subjects = Checks.ids(subjects, "subjects");
    dataCategories = Checks.ids(dataCategories, "data_categories");
    consents = Checks.ids(consents, "consents");
    RecordLimits.ID.checkOptional(bundleRevision, "bundle_revision");
    RecordLimits.DIGEST.check(requestDigest, "request_digest");
    if (decision == null) {
      throw new IllegalArgumentException("decision: required, one of " + RecordLimits.VERDICT.values());
    }
    RecordLimits.STATUS.check(status, "status");
    if (problem != null && !problem.isAbsolute()) {
      throw new IllegalArgumentException("problem: must be an absolute URI");
    }
    if (upstreamStatus != null) {
      RecordLimits.UPSTREAM_STATUS.check(upstreamStatus, "upstream_status");
    }
    RecordLimits.DIGEST.checkOptional(responseDigest, "response_digest");
    reasons = Checks.list(reasons, "reasons");
    obligations = Checks.obligations(obligations);
    RecordLimits.ARTEFACT.checkOptional(artefact, "artefact");
    if (policyInput != null && !policyInput.consents().stream().map(ConsentVersion::id).toList().equals(consents)) {
      throw new IllegalArgumentException("policy_input.consents: must name the consents, in their order");
    }
  }

  /** A record that no adapter answered (no {@code artefact}). */
  public DecisionRecord(String decisionId, Instant time, String caller, String target, BlockRef block, String operation,
      String purpose, List<String> subjects, List<String> dataCategories, boolean signed, List<String> consents,
      String bundleRevision, String requestDigest, Verdict decision, int status, URI problem, Integer upstreamStatus,
      String responseDigest, List<Reason> reasons, List<JsonObject> obligations, PolicyInputRef policyInput) {
    this(decisionId, time, caller, target, block, operation, purpose, subjects, dataCategories, signed, consents,
        bundleRevision, requestDigest, decision, status, problem, upstreamStatus, responseDigest, reasons, obligations,
        policyInput, null);
  }

  /** A record without {@code policy_input}: refused before a policy input was built, or written by older code. */
  public DecisionRecord(String decisionId, Instant time, String caller, String target, BlockRef block, String operation,
      String purpose, List<String> subjects, List<String> dataCategories, boolean signed, List<String> consents,
      String bundleRevision, String requestDigest, Verdict decision, int status, URI problem, Integer upstreamStatus,
      String responseDigest, List<Reason> reasons, List<JsonObject> obligations) {
    this(decisionId, time, caller, target, block, operation, purpose, subjects, dataCategories, signed, consents,
        bundleRevision, requestDigest, decision, status, problem, upstreamStatus, responseDigest, reasons, obligations,
        null, null);
  }

  /** Copies of the obligations: a caller cannot change the record through them. */
  @Override
  public List<JsonObject> obligations() {
    return obligations.stream().map(JsonObject::copy).toList();
  }

  /** The obligations themselves, for the leaf writer of this package, which only reads them. */
  List<JsonObject> storedObligations() {
    return obligations;
  }

  /** The outcome of a call; the schema's {@code decision} values. */
  public enum Verdict {
    /** Released to the caller. */
    ALLOW("allow"),
    /** Denied by a policy. */
    DENY("deny"),
    /** Refused by the broker itself (unauthenticated, bad signature, unknown twin, ...). */
    REFUSED("refused");

    static {
      RecordLimits.requireSame(
          RecordLimits.VERDICT, Arrays.stream(values()).map(Verdict::wireName).toList(), "decision values");
    }

    private final String wireName;

    Verdict(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the record: {@code allow}, {@code deny} or {@code refused}. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * The building block a call addressed.
   *
   * @param kind gateway, data, model or service ({@link RecordLimits#BLOCK_KIND})
   * @param name the block's registered name, an id
   * @throws IllegalArgumentException naming {@code block.kind} or {@code block.name}
   */
  public record BlockRef(String kind, String name) {
    public BlockRef {
      RecordLimits.BLOCK_KIND.check(kind, "block.kind");
      RecordLimits.ID.check(name, "block.name");
    }
  }

  /**
   * What a decision record adds so that the policy input can be rebuilt exactly: the record already
   * holds the caller, target, block, operation, purpose, subjects, time and whether the call was
   * signed; the registry snapshot (by digest) gives the twins' organisations, classes and blocks,
   * and each consent record's version gives its content. Subjects stay pseudonymous.
   *
   * @param auth how the caller authenticated ({@link RecordLimits#AUTH})
   * @param mode the ecosystem's mode ({@link RecordLimits#MODE})
   * @param registry the RFC 9530 digest of the registry snapshot's canonical JSON
   * @param consents the consent records of the input, by id and version, in the input's order
   * @throws IllegalArgumentException naming {@code policy_input.*}
   */
  public record PolicyInputRef(String auth, String mode, String registry, List<ConsentVersion> consents) {
    public PolicyInputRef {
      RecordLimits.AUTH.check(auth, "policy_input.auth");
      RecordLimits.MODE.check(mode, "policy_input.mode");
      RecordLimits.DIGEST.check(registry, "policy_input.registry");
      consents = Checks.list(consents, "policy_input.consents");
    }
  }

  /**
   * One consent record a policy input held.
   *
   * @param id the consent record's id
   * @param version its version, 0 when the record has none
   * @throws IllegalArgumentException naming {@code policy_input.consents[].id} or {@code .version}
   */
  public record ConsentVersion(String id, int version) {
    public ConsentVersion {
      RecordLimits.ID.check(id, "policy_input.consents[].id");
      RecordLimits.CONSENT_REF_VERSION.check(version, "policy_input.consents[].version");
    }
  }

  /**
   * Why a policy denied.
   *
   * @param policy the policy that gave the reason ({@link RecordLimits#POLICY})
   * @param code a stable code, an id
   * @param message for people, at most {@link RecordLimits#MESSAGE} long
   * @throws IllegalArgumentException naming {@code reason.policy}, {@code reason.code} or {@code
   *     reason.message}
   */
  public record Reason(String policy, String code, String message) {
    public Reason {
      RecordLimits.POLICY.check(policy, "reason.policy");
      RecordLimits.ID.check(code, "reason.code");
      RecordLimits.MESSAGE.check(message, "reason.message");
    }
  }
}
