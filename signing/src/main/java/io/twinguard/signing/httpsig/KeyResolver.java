package io.twinguard.signing.httpsig;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the verification key for a {@code keyid}. The broker resolves twin keys from its
 * registry; tests and the command line use {@link #of(Map)} or {@link #single}. Implementations
 * must be thread-safe and must not block.
 */
@FunctionalInterface
public interface KeyResolver {

  /** The key for {@code keyid}; empty when the key is unknown or not trusted here. */
  Optional<PublicKey> resolve(String keyid);

  /** Resolves from a fixed map. */
  static KeyResolver of(Map<String, PublicKey> keys) {
    Map<String, PublicKey> copy = Map.copyOf(keys);
    return keyid -> Optional.ofNullable(copy.get(keyid));
  }

  /** Resolves every keyid to one key: for a verifier that knows out of band whom it talks to. */
  static KeyResolver single(PublicKey key) {
    return keyid -> Optional.of(key);
  }
}
