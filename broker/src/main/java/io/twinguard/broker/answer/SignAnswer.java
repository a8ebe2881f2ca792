package io.twinguard.broker.answer;

import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.common.problem.Problem;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpResponse;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.List;

/**
 * Signs every answer the broker gives, released or refused (RFC 9421, label {@code twinguard}):
 * status, content type, Content-Digest and the decision id, so that a caller can prove what the
 * broker answered to which decision. A refusal's body is its RFC 9457 problem; a refusal of who the
 * caller is carries its {@code WWW-Authenticate} challenge.
 */
public final class SignAnswer implements Step<Outcome, Answer> {

  /** The header naming the decision an answer belongs to. */
  public static final String DECISION_ID = "Twin-Decision-Id";

  /** The header of a 401's authentication challenge (RFC 9110 section 11.6.1). */
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  private static final List<ComponentId> COVERED = List.of(
      ComponentId.STATUS, ComponentId.field("content-type"), ComponentId.field("content-digest"),
      ComponentId.field("twin-decision-id"));

  private final MessageSigner signer;
  private final String keyId;
  private final Clock clock;

  public SignAnswer(BrokerIdentity identity, Clock clock) {
    this.signer = identity.signer();
    this.keyId = identity.spiffeId();
    this.clock = clock;
  }

  @Override
  public Future<Answer> apply(Outcome outcome) {
    return Future.succeededFuture(sign(outcome));
  }

  /** The signed answer of {@code outcome}. */
  public Answer sign(Outcome outcome) {
    if (outcome instanceof Outcome.Released released) {
      return sign(released.decisionId(), released.status(), released.headers(), released.body());
    }
    Outcome.Refused refused = (Outcome.Refused) outcome;
    Problem problem = refused.refusal().problem();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", Problem.MEDIA_TYPE);
    if (refused.refusal() instanceof Refusal.Identity identity) {
      identity.reason().challenge().ifPresent(challenge -> headers.add(WWW_AUTHENTICATE, challenge));
    }
    return sign(refused.decisionId(), problem.status(), headers, problem.toJson(refused.decisionId()).toBuffer());
  }

  private Answer sign(String decisionId, int status, MultiMap headers, Buffer body) {
    byte[] bytes = body.getBytes();
    if (!headers.contains(ContentDigest.FIELD)) {
      headers.set(ContentDigest.FIELD, ContentDigest.create(bytes, DigestAlgorithm.SHA_256));
    }
    headers.set(DECISION_ID, decisionId);
    HttpFields fields = HttpFields.of(
        "content-type", headers.get("content-type") == null ? "" : headers.get("content-type"),
        ContentDigest.FIELD, headers.get(ContentDigest.FIELD),
        "twin-decision-id", decisionId);
    SignatureFields signature = signer.sign(
        new HttpResponse(status, fields, bytes),
        "twinguard",
        SignatureParams.builder(COVERED).created(clock.instant()).keyid(keyId).build());
    headers.set(SignatureFields.SIGNATURE_INPUT, signature.signatureInput());
    headers.set(SignatureFields.SIGNATURE, signature.signature());
    return new Answer(decisionId, status, headers, body);
  }
}
