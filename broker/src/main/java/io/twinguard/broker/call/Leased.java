package io.twinguard.broker.call;

import java.util.List;
import java.util.Objects;

/**
 * The actuators the call moves are leased to its caller (none for calls that move nothing).
 *
 * @param decided the stage before
 * @param actuators the leased actuators' keys ({@code target id#actuator})
 */
public record Leased(Decided decided, List<String> actuators) implements Stage {
  public Leased {
    Objects.requireNonNull(decided, "decided");
    actuators = List.copyOf(actuators);
  }

  @Override
  public Ingress ingress() {
    return decided.ingress();
  }

  public Resolved resolved() {
    return decided.resolved();
  }

  @Override
  public void describe(RecordDraft draft) {
    decided.describe(draft);
  }
}
