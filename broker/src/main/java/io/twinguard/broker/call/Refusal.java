package io.twinguard.broker.call;

import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;

/**
 * A call the broker refuses: the failure value that travels the pipeline and ends as one RFC 9457
 * answer and one audit record. It carries no stack trace (it is an expected outcome, not a bug).
 */
public final class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public Refusal(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Refusal(ProblemType type, String detail) {
    this(new Problem(type, detail));
  }

  public Problem problem() {
    return problem;
  }
}
