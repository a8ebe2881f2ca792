package io.twinguard.consent.propagate;

import io.twinguard.consent.Consent;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Sends one withdrawal notice to one twin: a JSON POST, RFC 9421-signed over method, target URI,
 * content type and digest, retried with doubling waits until a 2xx answer or the last attempt.
 */
final class NoticeSender {

  /** The covered components of a notice's signature. */
  static final List<ComponentId> COVERED = List.of(ComponentId.METHOD, ComponentId.TARGET_URI,
      ComponentId.field("content-type"), ComponentId.field("content-digest"));

  /** The outcome of sending: acknowledged or not, after how many attempts, and why not. */
  record Sent(boolean confirmed, int attempts, String detail) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final NoticeSigning signing;
  private final int attempts;
  private final Duration backoff;
  private final Duration timeout;
  private final Clock clock;

  NoticeSender(Vertx vertx, NoticeSigning signing, int attempts, Duration backoff, Duration timeout, Clock clock) {
    this.vertx = vertx;
    this.signing = signing;
    this.attempts = attempts;
    this.backoff = backoff;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The body of the notice of a withdrawn (or revoked) version. */
  static JsonObject body(Consent withdrawn) {
    return new JsonObject()
        .put("type", "consent-withdrawn")
        .put("consent_id", withdrawn.id())
        .put("version", withdrawn.version())
        .put("status", withdrawn.status().wireName())
        .put("subject", withdrawn.subject())
        .put("recipient_org", withdrawn.recipientOrg())
        .put("purposes", new JsonArray(withdrawn.purposes()))
        .put("data_categories", new JsonArray(withdrawn.dataCategories()))
        .put("withdrawn_at", withdrawn.toJson().getString("withdrawn_at"));
  }

  Future<Sent> send(URI endpoint, Consent withdrawn) {
    Promise<Sent> done = Promise.promise();
    attempt(endpoint, body(withdrawn).toBuffer(), 1, backoff.toMillis(), done);
    return done.future();
  }

  private void attempt(URI endpoint, Buffer body, int attempt, long waitMs, Promise<Sent> done) {
    once(endpoint, body).onComplete(ar -> {
      String detail = ar.succeeded() ? "answered " + ar.result() : "failed: " + ar.cause().getMessage();
      if (ar.succeeded() && ar.result() / 100 == 2) {
        done.complete(new Sent(true, attempt, null));
      } else if (attempt >= attempts) {
        done.complete(new Sent(false, attempt, detail));
      } else {
        vertx.setTimer(Math.max(1, waitMs), id -> attempt(endpoint, body, attempt + 1, waitMs * 2, done));
      }
    });
  }

  private Future<Integer> once(URI endpoint, Buffer body) {
    byte[] bytes = body.getBytes();
    HttpFields fields = HttpFields.of(
        "content-type", "application/json",
        "content-digest", ContentDigest.create(bytes, DigestAlgorithm.SHA_256));
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    SignatureFields signature = signing.signer().sign(new HttpRequest("POST", endpoint, fields, bytes), "twinguard",
        SignatureParams.builder(COVERED).created(clock.instant()).keyid(signing.keyId())
            .nonce(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)).build());
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(endpoint.toString())
        .setTimeout(timeout.toMillis());
    fields.lines().forEach((name, values) -> values.forEach(value -> request.putHeader(name, value)));
    request.putHeader(SignatureFields.SIGNATURE_INPUT, signature.signatureInput());
    request.putHeader(SignatureFields.SIGNATURE, signature.signature());
    return signing.client().request(request)
        .compose(req -> req.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }
}
