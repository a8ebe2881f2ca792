package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.AdapterFailure;
import java.util.Optional;

/**
 * How one sandboxed run ended, before its output is looked at.
 *
 * @param exitStatus the sandbox's exit status (128 + signal when the program was killed), or -1
 *     when the adapter stopped it
 * @param stdout what the program wrote, at most the output limit
 * @param timedOut whether the adapter stopped it at the time limit
 * @param flooded whether it wrote more than the output limit and was stopped
 * @param memoryRefused whether a memory request was refused by the address-space limit
 * @param networkTried whether it tried to connect, bind or send to an IP address
 * @param sandboxFailed whether bubblewrap itself failed to set up the sandbox (the program never ran)
 */
public record RunResult(
    int exitStatus, byte[] stdout, boolean timedOut, boolean flooded, boolean memoryRefused, boolean networkTried,
    boolean sandboxFailed) {

  /** Exit status of a program killed by the CPU-time limit (SIGXCPU). */
  static final int CPU_LIMIT_STATUS = 128 + 24;

  public RunResult {
    stdout = stdout.clone();
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  /**
   * Why the run's output must not be used, or empty when it ended well (status 0 within limits, no
   * network attempt). A network attempt is reported whatever else happened.
   */
  public Optional<AdapterFailure> failure(Limits limits) {
    if (sandboxFailed && exitStatus != 0) {
      return Optional.of(new AdapterFailure.SandboxUnavailable("bubblewrap could not set up the sandbox"));
    }
    if (networkTried || exitStatus == 128 + SeccompFilter.SIGSYS) {
      return Optional.of(new AdapterFailure.NetworkAttempt());
    }
    if (flooded) {
      return Optional.of(new AdapterFailure.OutputTooLarge(limits.maxOutputBytes()));
    }
    if (timedOut || exitStatus == CPU_LIMIT_STATUS) {
      return Optional.of(new AdapterFailure.Hung(limits.timeoutMs()));
    }
    if (exitStatus != 0 && memoryRefused) {
      return Optional.of(new AdapterFailure.MemoryExceeded(limits.memoryBytes()));
    }
    if (exitStatus != 0) {
      return Optional.of(new AdapterFailure.Crashed(exitStatus));
    }
    return Optional.empty();
  }
}
