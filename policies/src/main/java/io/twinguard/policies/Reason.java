package io.twinguard.policies;

import java.util.Objects;

/**
 * Why a call was denied: the policy that denied ({@code privacy}, {@code ip}, {@code ethics},
 * {@code safety}, or {@code input} for a malformed input), a stable code and a message for people.
 * When no policy could be evaluated there is no reason but a {@link Decision.Undecided}.
 *
 * @param policy the denying policy, never blank
 * @param code a stable snake_case code such as {@code consent_missing}, never blank
 * @param message a human-readable explanation
 */
public record Reason(String policy, String code, String message) {

  /** Thrown {@link IllegalArgumentException} when policy or code is blank. */
  public Reason {
    Objects.requireNonNull(message, "message");
    if (policy == null || policy.isBlank() || code == null || code.isBlank()) {
      throw new IllegalArgumentException("a reason needs a policy and a code");
    }
  }
}
