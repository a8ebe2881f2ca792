package io.twinguard.examples.usecases;

import java.util.Objects;

/**
 * Which parts of the use cases real servers play instead of the embedded ones. The demo plays the
 * embedded variants ({@link #embedded()}: nothing beyond the JVM, an embedded PostgreSQL and
 * Debian's sandbox tools); the CI tests choose the real ones. Every run prints the variants played.
 *
 * @param thermal UC1's thermal model
 */
public record Variants(ThermalModel thermal) {

  /** @throws NullPointerException when a variant is missing */
  public Variants {
    Objects.requireNonNull(thermal, "thermal");
  }

  /** The demo's: the thermal model as a black box. */
  public static Variants embedded() {
    return new Variants(new ThermalModel.BlackBox());
  }

  /** These, with UC1's thermal model replaced. */
  public Variants with(ThermalModel model) {
    return new Variants(model);
  }

  /** One line for the run's output. */
  public String describe() {
    return "variants: UC1 thermal model " + thermal.variant();
  }
}
