package io.twinguard.broker.refusal;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The one mapping from any failure to the refusal the caller receives. */
public final class Refusals {

  private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

  private Refusals() {}

  /**
   * The refusal {@code failure} stands for: the one a {@link Refused} carries; for anything else, an
   * {@link Refusal.Internal} whose detail names only the decision id, while the cause is logged
   * with that id (a fault of the broker, never shown to the caller).
   *
   * @param decisionId the id under which the failure is recorded and logged
   */
  public static Refusal of(Throwable failure, String decisionId) {
    if (failure instanceof Refused refused) {
      return refused.refusal();
    }
    LOG.log(Level.SEVERE, "decision " + decisionId + " failed unexpectedly", failure);
    return new Refusal.Internal("the broker could not complete this request; it is recorded as " + decisionId);
  }
}
