package io.twinguard.examples.usecases;

import java.util.List;

/**
 * One of the seed paper's use cases, played as a script of calls through the broker. {@link #play}
 * throws {@link StepFailed} at the first step whose outcome differs from the expected one. A use
 * case expects nothing of the others: each may run alone, or after any other on the same city.
 */
public interface UseCase {

  /** UC1 ... UC6. */
  String id();

  /** What it shows, in one line. */
  String title();

  /** Plays the steps. */
  void play(Script script) throws Exception;

  /** Every use case, in the paper's order. */
  static List<UseCase> all() {
    return List.of(new Uc1RoomUsesHvac(), new Uc2PlantReplaced(), new Uc3SharedWater(), new Uc4Discovery(),
        new Uc5FireVersusHvac(), new Uc6Consent());
  }

  /** The use case with this id (case-insensitive). */
  static UseCase named(String id) {
    return all().stream().filter(u -> u.id().equalsIgnoreCase(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no use case " + id + "; there are UC1 to UC6"));
  }
}
