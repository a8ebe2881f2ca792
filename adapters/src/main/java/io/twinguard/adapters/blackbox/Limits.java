package io.twinguard.adapters.blackbox;

/**
 * The limits of one sandboxed run.
 *
 * @param timeoutMs wall-clock time limit; the CPU-time limit is the same, rounded up to seconds
 * @param memoryBytes the address-space limit (RLIMIT_AS)
 * @param maxOutputBytes the most a model may write to stdout; more is flooding and is refused
 * @param scratchBytes the size of the model's own empty working directory and {@code /tmp}
 */
public record Limits(long timeoutMs, long memoryBytes, long maxOutputBytes, long scratchBytes) {
  /** @throws IllegalArgumentException when a limit is not positive */
  public Limits {
    if (timeoutMs <= 0 || memoryBytes <= 0 || maxOutputBytes <= 0 || scratchBytes <= 0) {
      throw new IllegalArgumentException("every limit must be positive");
    }
  }
}
