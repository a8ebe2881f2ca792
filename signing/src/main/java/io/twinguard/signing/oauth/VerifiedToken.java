package io.twinguard.signing.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token that passed every check, with its proof of possession.
 *
 * @param subject {@code sub}
 * @param clientId the client it was issued to ({@code azp}, else {@code client_id})
 * @param username {@code preferred_username} for a person's token
 * @param roles the realm roles ({@code realm_access.roles}), empty when there are none
 * @param expiresAt {@code exp}
 * @param binding how the caller proved possession
 */
public record VerifiedToken(
    String subject, String clientId, Optional<String> username, List<String> roles,
    Instant expiresAt, Binding binding) {

  public VerifiedToken {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(binding, "binding");
    roles = List.copyOf(roles);
  }

  /** The sender constraint a token was checked against. */
  public sealed interface Binding {
    /** RFC 9449: the proof's key has this RFC 7638 thumbprint ({@code cnf.jkt}). */
    record Dpop(String jkt) implements Binding {
      public Dpop {
        Objects.requireNonNull(jkt, "jkt");
      }
    }

    /** RFC 8705: the TLS client certificate has this SHA-256 thumbprint ({@code cnf.x5t#S256}). */
    record Certificate(String x5tS256) implements Binding {
      public Certificate {
        Objects.requireNonNull(x5tS256, "x5tS256");
      }
    }
  }
}
