package io.twinguard.broker.obligations;

import io.twinguard.broker.call.Forwarded;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Released;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.policies.Obligation;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an allowed decision's obligations to the target's answer and releases it: {@code redact}
 * removes the named fields of a JSON answer; the other obligations (notify the subject, ask for
 * consent, ...) are recorded for the consent service. An answer that must be redacted but is not
 * JSON is withheld.
 */
public final class Release implements Step<Forwarded, Released> {

  @Override
  public Future<Released> apply(Forwarded forwarded) {
    Upstream upstream = forwarded.upstream();
    List<JsonObject> applied = new ArrayList<>();
    List<String> redact = new ArrayList<>();
    for (Obligation obligation : forwarded.decided().allow().obligations()) {
      JsonObject json = obligation.toJson();
      if ("redact".equals(json.getString("type"))) {
        json.getJsonArray("fields", new JsonArray()).forEach(f -> redact.add(String.valueOf(f)));
      } else {
        applied.add(json.put("status", "recorded"));
      }
    }
    Buffer body = upstream.body();
    if (!redact.isEmpty()) {
      Object json;
      try {
        json = upstream.contentType().startsWith("application/json") ? Json.decodeValue(body) : null;
      } catch (DecodeException e) {
        json = null;
      }
      if (json == null) {
        return new Refusal.TargetUnavailable(
            "the target's answer must be redacted but is not JSON; nothing was released").fail();
      }
      if (json instanceof JsonObject || json instanceof JsonArray) {
        Redaction.Result result = Redaction.apply(json, redact, Redaction.Mode.REMOVE);
        applied.add(new JsonObject().put("type", "redact").put("fields", new JsonArray(result.redacted())));
        body = Buffer.buffer(Json.encode(result.json()));
      }
    }
    String digest = ContentDigest.create(body.getBytes(), DigestAlgorithm.SHA_256);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (!upstream.contentType().isEmpty()) {
      headers.add("content-type", upstream.contentType());
    }
    headers.add(ContentDigest.FIELD, digest);
    Outcome.Released outcome = new Outcome.Released(forwarded.ingress().decisionId(), upstream.status(), headers, body);
    return Future.succeededFuture(new Released(forwarded, outcome, applied, digest));
  }
}
