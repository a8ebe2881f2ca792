package io.twinguard.audit.anchor;

import java.util.List;

/**
 * The result of checking the local log against every checkpoint anchored on Fabric.
 *
 * @param anchors how many anchors Fabric holds for the log
 * @param localSize the tree size of the local log's newest checkpoint
 * @param problems the first fork and the first rollback found, if any
 */
public record AnchorVerifyReport(int anchors, long localSize, List<AnchorProblem> problems) {

  /** @throws IllegalArgumentException when a count is negative or the problems missing */
  public AnchorVerifyReport {
    if (anchors < 0 || localSize < 0 || problems == null) {
      throw new IllegalArgumentException("a report needs counts >= 0 and a list of problems");
    }
    problems = List.copyOf(problems);
  }

  /** Whether the local log extends every anchored checkpoint. */
  public boolean intact() {
    return problems.isEmpty();
  }
}
