package io.twinguard.broker.lifecycle.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One row of the activation history.
 *
 * @param seq its place in the history
 * @param revision the revision it made active
 * @param action {@code activate} or {@code rollback}
 * @param previous the revision active before, or empty
 * @param actor who made the change
 * @param at when
 */
public record Activation(long seq, String revision, String action, Optional<String> previous, String actor,
    Instant at) {

  /** An activation pushes its revision. */
  public static final String ACTIVATE = "activate";

  /** A rollback pops back to the revision below. */
  public static final String ROLLBACK = "rollback";

  /**
   * The revisions a history leaves stacked, oldest first: each activation pushes its revision, each
   * rollback pops one. The last is the active revision; a rollback would make the one below it
   * active.
   */
  public static List<String> stack(List<Activation> history) {
    List<String> stack = new ArrayList<>();
    for (Activation activation : history) {
      if (ROLLBACK.equals(activation.action()) && !stack.isEmpty()) {
        stack.remove(stack.size() - 1);
      } else {
        stack.add(activation.revision());
      }
    }
    return List.copyOf(stack);
  }
}
