package io.twinguard.consent.propagate;

import io.twinguard.signing.httpsig.MessageSigner;
import io.vertx.core.http.HttpClient;

/**
 * How withdrawal notices leave the broker: signed (RFC 9421, label {@code twinguard}) with the
 * broker's key and sent through the broker's HTTP client (its TLS client certificate and trust).
 *
 * @param signer the broker's message signer
 * @param keyId the {@code keyid} of the signatures: the broker's SPIFFE ID
 * @param client the client the notices go through
 */
public record NoticeSigning(MessageSigner signer, String keyId, HttpClient client) {

  public NoticeSigning {
    if (signer == null || keyId == null || client == null) {
      throw new IllegalArgumentException("notices need a signer, a key id and a client");
    }
  }
}
