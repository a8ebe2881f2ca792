package io.twinguard.broker.call;

import io.twinguard.broker.registry.Twin;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated caller: the registered twin it is, how it proved it, and the key its HTTP
 * message signatures must verify with.
 *
 * @param twin the caller as registered
 * @param auth how it authenticated, as the policies see it: {@code mtls} or {@code oidc}
 * @param signatureKey the key of its RFC 9421 signatures (its certificate's), when it has one
 */
public record Caller(Twin twin, String auth, Optional<PublicKey> signatureKey) {
  public Caller {
    Objects.requireNonNull(twin, "twin");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(signatureKey, "signatureKey");
  }

  /** The caller's SPIFFE ID. */
  public String id() {
    return twin.id();
  }
}
