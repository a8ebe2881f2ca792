package io.twinguard.broker.call;

import io.twinguard.broker.refusal.Refusal;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the broker received for one call, before it trusts any of it: the first stage.
 *
 * @param decisionId the id of this call's decision, returned as {@code Twin-Decision-Id}
 * @param received when the request arrived
 * @param method the HTTP method
 * @param targetUri the request's absolute URI, as the caller signed it
 * @param headers the request headers
 * @param body the request body (possibly empty)
 * @param peerChain the client certificate chain presented in the TLS handshake (possibly empty)
 * @param twin the target twin's name from the path
 * @param kind the block kind from the path, not yet checked
 * @param block the block name from the path
 * @param operation the operation from the path
 * @param admission why the HTTP layer already refused the request (body too large, say), or null
 */
public record Ingress(
    String decisionId,
    Instant received,
    String method,
    String targetUri,
    MultiMap headers,
    Buffer body,
    List<X509Certificate> peerChain,
    String twin,
    String kind,
    String block,
    String operation,
    Refusal admission) implements Stage {

  /** The header naming the DPV purpose of the call. */
  public static final String PURPOSE = "Twin-Purpose";

  /** The header listing the call's data subjects (pseudonymous ids, comma-separated). */
  public static final String SUBJECTS = "Twin-Subjects";

  public Ingress {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    peerChain = List.copyOf(peerChain);
  }

  public Optional<Refusal> admissionRefusal() {
    return Optional.ofNullable(admission);
  }

  @Override
  public Ingress ingress() {
    return this;
  }

  @Override
  public void describe(RecordDraft draft) {
    draft.received(decisionId, received, ContentDigest.create(body.getBytes(), DigestAlgorithm.SHA_256));
  }
}
