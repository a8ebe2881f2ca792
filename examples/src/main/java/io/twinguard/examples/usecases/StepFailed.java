package io.twinguard.examples.usecases;

/**
 * A scenario step whose outcome differs from the expected one: the message names the use case,
 * the step, what was expected and what happened.
 */
public final class StepFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StepFailed(String useCase, String step, String expected, String actual) {
    super(useCase + " step '" + step + "': expected " + expected + ", got " + actual);
  }
}
