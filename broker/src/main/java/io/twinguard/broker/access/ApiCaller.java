package io.twinguard.broker.access;

import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.signing.oauth.VerifiedToken;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who uses one of the broker's own APIs, as {@link ApiAccess} established it, and the roles they
 * hold there.
 */
public sealed interface ApiCaller {

  /** How records and logs name the asker: a SPIFFE ID, or {@code user:} and a token's subject. */
  String id();

  /** Whether the asker holds {@code role}. */
  boolean has(Role role);

  /**
   * An administrator named in the {@code admins} setting, proven by a certificate of the ecosystem
   * CA: every role of the broker's own APIs, as administrators had before roles existed, but not
   * {@link Role#CITIZEN} (an administrator is no data subject).
   */
  record Administrator(String spiffeId) implements ApiCaller {

    private static final Set<Role> ROLES = EnumSet.of(Role.OPERATOR, Role.AUDITOR, Role.POLICY_AUTHOR);

    public Administrator {
      Objects.requireNonNull(spiffeId, "spiffeId");
    }

    @Override
    public String id() {
      return spiffeId;
    }

    @Override
    public boolean has(Role role) {
      return ROLES.contains(role);
    }
  }

  /**
   * A twin (or anyone) with a valid certificate of the ecosystem CA that is no administrator: no
   * role.
   */
  record Certified(String spiffeId) implements ApiCaller {
    public Certified {
      Objects.requireNonNull(spiffeId, "spiffeId");
    }

    @Override
    public String id() {
      return spiffeId;
    }

    @Override
    public boolean has(Role role) {
      return false;
    }
  }

  /**
   * The holder of a verified access token of the identity provider (a person who logged in, or a
   * script's client): the realm roles the token carries.
   *
   * @param issuer the realm that issued the token
   * @param token the verified token, with its subject and roles
   */
  record TokenHolder(String issuer, VerifiedToken token) implements ApiCaller {
    public TokenHolder {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String id() {
      return IdentityProvider.holder(token);
    }

    @Override
    public boolean has(Role role) {
      return token.roles().contains(role.wireName());
    }
  }
}
