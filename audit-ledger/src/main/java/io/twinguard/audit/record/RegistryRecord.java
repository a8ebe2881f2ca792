package io.twinguard.audit.record;

import java.time.Instant;
import java.util.Arrays;

/**
 * The audit record of a change an administrator made through the broker's admin API ({@code kind:
 * registry} in the record schema), written before the change takes effect. {@link
 * AuditRecord#of(RegistryRecord)} turns it into a leaf of the log.
 *
 * <p>Guaranteed: an instance exists only if its record passes the schema.
 *
 * @param time when the change was made, between the years 0000 and 9999
 * @param actor SPIFFE ID of the administrator
 * @param action what changed
 * @param twin the name of the twin put or deleted; null exactly when the action is {@link
 *     Action#MODE}
 * @param declarationDigest the RFC 9530 digest of what the administrator sent: the twin's
 *     declaration, {@code {}} for a delete, the new mode
 * @throws IllegalArgumentException naming the field (as the schema names it) when a component
 *     breaks the schema
 */
public record RegistryRecord(Instant time, String actor, Action action, String twin, String declarationDigest) {

  public RegistryRecord {
    Checks.time(time);
    RecordLimits.ID.check(actor, "actor");
    if (action == null) {
      throw new IllegalArgumentException("action: required, one of " + RecordLimits.REGISTRY_ACTION.values());
    }
    if (action == Action.MODE) {
      if (twin != null) {
        throw new IllegalArgumentException("twin: must be absent for a mode switch");
      }
    } else {
      RecordLimits.ID.check(twin, "twin");
    }
    RecordLimits.DIGEST.check(declarationDigest, "declaration_digest");
  }

  /** What an administrator changed; the schema's {@code action} values. */
  public enum Action {
    /** A twin declared or replaced. */
    PUT("put"),
    /** A twin removed. */
    DELETE("delete"),
    /** The ecosystem's mode switched. */
    MODE("mode");

    static {
      RecordLimits.requireSame(
          RecordLimits.REGISTRY_ACTION, Arrays.stream(values()).map(Action::wireName).toList(), "registry actions");
    }

    private final String wireName;

    Action(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the record: {@code put}, {@code delete} or {@code mode}. */
    public String wireName() {
      return wireName;
    }
  }
}
