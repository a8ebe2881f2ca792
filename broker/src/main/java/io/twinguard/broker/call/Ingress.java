package io.twinguard.broker.call;

import io.twinguard.broker.registry.BlockKind;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

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
 * @param kind the block kind from the path
 * @param block the block name from the path
 * @param operation the operation from the path
 * @param purpose the DPV purpose the caller declared
 * @param subjects the data subjects the call concerns
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
    BlockKind kind,
    String block,
    String operation,
    String purpose,
    List<String> subjects) {

  public Ingress {
    peerChain = List.copyOf(peerChain);
    subjects = List.copyOf(subjects);
  }
}
