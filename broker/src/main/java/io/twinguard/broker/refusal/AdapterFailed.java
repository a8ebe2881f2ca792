package io.twinguard.broker.refusal;

import io.twinguard.adapters.AdapterFailure;
import io.twinguard.common.problem.Problem;
import java.util.Objects;

/**
 * The target's adapter could not answer; its failure says why and maps to one problem, with the
 * failure's stable {@code reason} as an extension member ({@link AdapterProblems}).
 */
public record AdapterFailed(AdapterFailure failure) implements Refusal {
  public AdapterFailed {
    Objects.requireNonNull(failure, "failure");
  }

  @Override
  public Problem problem() {
    return AdapterProblems.of(failure);
  }
}
