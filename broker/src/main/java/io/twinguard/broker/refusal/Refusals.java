package io.twinguard.broker.refusal;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The one mapping from any failure to the refusal the caller receives. */
public final class Refusals {

  private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

  private Refusals() {}

  /**
   * The refusal {@code failure} stands for: the one a {@link Refused} carries; for anything else, an
   * {@link Refusal.Internal} without detail, while the cause is logged with the decision id (a
   * fault of the broker, never shown to the caller, who finds the id in the answer).
   *
   * @param decisionId the id under which the failure is recorded and logged
   */
  public static Refusal of(Throwable failure, String decisionId) {
    if (failure instanceof Refused refused) {
      return refused.refusal();
    }
    LOG.log(Level.SEVERE, "decision " + decisionId + " failed unexpectedly", failure);
    return new Refusal.Internal("the broker could not complete this request");
  }
}
