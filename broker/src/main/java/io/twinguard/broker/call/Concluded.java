package io.twinguard.broker.call;

import java.util.Objects;

/**
 * How a call ended and the last stage it reached: what its audit record is made of.
 *
 * @param stage the latest stage the call reached
 * @param outcome how it ended
 */
public record Concluded(Stage stage, Outcome outcome) {
  public Concluded {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(outcome, "outcome");
  }
}
