package io.twinguard.broker.call;

import io.twinguard.common.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the broker received for one call, before it trusts any of it.
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
    Problem admission) {

  /** The header naming the DPV purpose of the call. */
  public static final String PURPOSE = "Twin-Purpose";

  /** The header listing the call's data subjects (pseudonymous ids, comma-separated). */
  public static final String SUBJECTS = "Twin-Subjects";

  public Ingress {
    peerChain = List.copyOf(peerChain);
  }

  public Optional<Problem> admissionProblem() {
    return Optional.ofNullable(admission);
  }
}
