package io.twinguard.audit.record;

import io.twinguard.audit.record.DecisionRecord.BlockRef;
import io.twinguard.audit.record.DecisionRecord.Reason;
import io.twinguard.audit.record.DecisionRecord.Verdict;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** A mutable set of components for building {@link DecisionRecord}s in tests; starts valid. */
final class DecisionBuilder {

  String decisionId = "dec-1";
  Instant time = Instant.parse("2026-01-01T00:00:01Z");
  String caller = "spiffe://city.example/twin/room-12";
  String target = "spiffe://city.example/twin/hvac-room-1";
  BlockRef block = new BlockRef("data", "climate");
  String operation = "read";
  String purpose = "dpv:ServiceProvision";
  List<String> subjects = List.of("subject-1");
  List<String> dataCategories = List.of("pd:Location");
  boolean signed = true;
  List<String> consents = List.of("consent-1");
  String bundleRevision = "rev-1";
  String requestDigest = "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:";
  Verdict decision = Verdict.DENY;
  int status = 403;
  URI problem = URI.create("https://twinguard.example/problems/denied");
  Integer upstreamStatus;
  String responseDigest;
  List<Reason> reasons = List.of(new Reason("privacy", "consent_missing", "no consent"));
  List<JsonObject> obligations = List.of(new JsonObject().put("type", "request_consent").put("subject", "subject-1"));
  DecisionRecord.PolicyInputRef policyInput = new DecisionRecord.PolicyInputRef("mtls", "normal", requestDigest,
      List.of(new DecisionRecord.ConsentVersion("consent-1", 3)));
  String artefact;

  DecisionRecord build() {
    return new DecisionRecord(decisionId, time, caller, target, block, operation, purpose, subjects,
        dataCategories, signed, consents, bundleRevision, requestDigest, decision, status, problem,
        upstreamStatus, responseDigest, reasons, obligations, policyInput, artefact);
  }
}
