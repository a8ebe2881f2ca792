package io.twinguard.examples.usecases;

import java.util.Objects;

/**
 * Which parts of the use cases real servers play instead of the embedded ones. The demo plays the
 * embedded variants ({@link #embedded()}: nothing beyond the JVM, an embedded PostgreSQL and
 * Debian's sandbox tools); the CI tests choose the real ones. Every run prints the variants played.
 *
 * @param thermal UC1's thermal model
 * @param gateway where UC1's vent events come from
 * @param portal how Ada answers UC6's consent requests
 */
public record Variants(ThermalModel thermal, Gateway gateway, Portal portal) {

  /** @throws NullPointerException when a variant is missing */
  public Variants {
    Objects.requireNonNull(thermal, "thermal");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(portal, "portal");
  }

  /**
   * The demo's: the thermal model as a black box, the vent events from the twin's own stream, Ada's
   * answers in process.
   */
  public static Variants embedded() {
    return new Variants(new ThermalModel.BlackBox(), new Gateway.Sse(), new Portal.InProcess());
  }

  /** These, with UC1's thermal model replaced. */
  public Variants with(ThermalModel model) {
    return new Variants(model, gateway, portal);
  }

  /** These, with UC1's vent events from elsewhere. */
  public Variants with(Gateway events) {
    return new Variants(thermal, events, portal);
  }

  /** These, with Ada answering in another way. */
  public Variants with(Portal answers) {
    return new Variants(thermal, gateway, answers);
  }

  /** One line for the run's output. */
  public String describe() {
    return "variants: UC1 thermal model " + thermal.variant() + ", UC1 vent events " + gateway.variant()
        + ", UC6 consents " + portal.variant();
  }
}
