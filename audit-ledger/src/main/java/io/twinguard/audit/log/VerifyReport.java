package io.twinguard.audit.log;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What {@code twinguard audit verify} found.
 *
 * @param leaves the number of leaves read
 * @param checkpoints the number of checkpoints checked
 * @param problems what is wrong, in the order found; empty when the log is intact
 */
public record VerifyReport(long leaves, long checkpoints, List<VerifyProblem> problems) {

  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean intact() {
    return problems.isEmpty();
  }

  /**
   * The first bad leaf index: the lowest one a problem names exactly (a changed, missing or moved
   * leaf), else the lowest bound a bad checkpoint gives.
   */
  public Optional<Long> firstBadIndex() {
    Optional<Long> exact =
        problems.stream()
            .filter(VerifyProblem::exact)
            .map(VerifyProblem::firstBadIndex)
            .min(Comparator.naturalOrder());
    return exact.or(
        () -> problems.stream().map(VerifyProblem::firstBadIndex).min(Comparator.naturalOrder()));
  }
}
