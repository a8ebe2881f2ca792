package io.twinguard.examples.usecases;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plays use cases one after another on one city and tells how each ended. */
public final class Runner {

  /**
   * How one use case ended.
   *
   * @param id UC1 ... UC6
   * @param title what it shows
   * @param failure why it failed (the step, expected and actual), or null when every step held
   * @param from when it started, on the city's clock
   * @param to when it ended
   */
  public record Played(String id, String title, String failure, Instant from, Instant to) {
    public boolean ok() {
      return failure == null;
    }
  }

  private Runner() {}

  /** Plays {@code useCases} in order; a failed one is reported and the next one still plays. */
  public static List<Played> play(City city, List<UseCase> useCases, PrintWriter out) {
    List<Played> played = new ArrayList<>();
    for (UseCase useCase : useCases) {
      out.printf("%n%s: %s%n", useCase.id(), useCase.title());
      Instant from = city.clock.instant();
      String failure = null;
      try {
        useCase.play(new Script(city, out, useCase.id()));
      } catch (StepFailed e) {
        failure = e.getMessage();
      } catch (Exception e) {
        failure = useCase.id() + " could not play a step: " + e;
      }
      out.printf("%s %s%n", useCase.id(), failure == null ? "ok: every step got the expected outcome" : "FAILED: " + failure);
      out.flush();
      played.add(new Played(useCase.id(), useCase.title(), failure, from, city.clock.instant()));
    }
    return played;
  }
}
