package io.twinguard.broker.call;

import io.twinguard.common.problem.Problem;
import io.twinguard.broker.registry.Block;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Twin;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Reason;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts one call establishes as it goes through the pipeline, for its audit record. Each step
 * adds what it learned; a refusal at any step still yields a record with everything known until
 * then. Confined to the call's event loop: not thread-safe.
 *
 * <p>The record carries identifiers, categories and digests, never a payload or a personal-data
 * value: subjects are pseudonymous ids. Only values the broker checked go in: a twin, block or
 * operation the registry does not know stays null, so a caller cannot write arbitrary text into
 * the log.
 */
final class CallTrail {

  final Ingress ingress;
  Twin caller;
  String purpose;
  List<String> subjects = List.of();
  Twin target;
  Block block;
  Operation operation;
  boolean signed;
  List<String> consentIds = List.of();
  Decision decision;
  final String requestDigest;
  String responseDigest;
  Integer upstreamStatus;
  final List<JsonObject> obligationsApplied = new ArrayList<>();

  CallTrail(Ingress ingress) {
    this.ingress = ingress;
    this.requestDigest = ContentDigest.create(ingress.body().getBytes(), DigestAlgorithm.SHA_256);
  }

  /** The audit record of a call that ended as {@code outcome}. */
  JsonObject record(Outcome outcome) {
    JsonObject record = new JsonObject()
        .put("kind", "decision")
        .put("decision_id", ingress.decisionId())
        .put("time", DateTimeFormatter.ISO_INSTANT.format(ingress.received()))
        .put("caller", caller == null ? null : caller.id())
        .put("target", target == null ? null : target.id())
        .put("block", block == null ? null : new JsonObject()
            .put("kind", block.kind().wireName())
            .put("name", block.name()))
        .put("operation", operation == null ? null : operation.name())
        .put("purpose", purpose)
        .put("subjects", new JsonArray(subjects))
        .put("data_categories", new JsonArray(block == null ? List.of() : block.dataCategories()))
        .put("signed", signed)
        .put("consents", new JsonArray(consentIds))
        .put("bundle_revision", decision == null ? null : decision.revision())
        .put("request_digest", requestDigest)
        .put("obligations", new JsonArray(new ArrayList<>(obligationsApplied)));
    JsonArray reasons = new JsonArray();
    if (decision instanceof Decision.Deny deny) {
      for (Reason reason : deny.reasons()) {
        reasons.add(new JsonObject().put("policy", reason.policy()).put("code", reason.code()).put("message", reason.message()));
      }
    }
    record.put("reasons", reasons);
    if (outcome instanceof Outcome.Released released) {
      record.put("decision", "allow").put("status", released.status());
    }
    if (outcome instanceof Outcome.Refused refused) {
      Problem problem = refused.problem();
      record.put("decision", decision instanceof Decision.Deny ? "deny" : "refused")
          .put("status", problem.status())
          .put("problem", problem.type().type().toString());
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
