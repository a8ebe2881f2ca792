package io.twinguard.adapters;

import java.util.List;
import java.util.Objects;

/**
 * Why an adapter could not answer a call: a closed set, so that the broker maps each reason to one
 * RFC 9457 problem with an exhaustive {@code switch}. {@link #detail()} may be shown to the caller:
 * it never carries the legacy twin's or the model's own output, a stack trace or personal data.
 * {@link #reason()} is a stable slug for the problem's extension member and for audit queries.
 */
public sealed interface AdapterFailure {

  /** A stable, machine-readable name of the reason, e.g. {@code black-box-hung}. */
  String reason();

  /** What happened, for the caller and the audit record. */
  String detail();

  /** The adapter has no mapping for this block and operation. */
  record UnknownOperation(BlockRef block, String operation) implements AdapterFailure {
    public UnknownOperation {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(operation, "operation");
    }

    public String reason() {
      return "unknown-operation";
    }

    public String detail() {
      return "the adapter maps no operation '" + operation + "' of block " + block;
    }
  }

  /** The call's payload does not fit what the adapter needs (not JSON, a mapped field missing, ...). */
  record InvalidCall(String why) implements AdapterFailure {
    public InvalidCall {
      Objects.requireNonNull(why, "why");
    }

    public String reason() {
      return "invalid-call";
    }

    public String detail() {
      return "the call cannot be mapped: " + why;
    }
  }

  /** The legacy twin could not be reached (connection refused, no route, TLS failure). */
  record Unreachable(String why) implements AdapterFailure {
    public Unreachable {
      Objects.requireNonNull(why, "why");
    }

    public String reason() {
      return "legacy-unreachable";
    }

    public String detail() {
      return "the legacy twin is unreachable: " + why;
    }
  }

  /** The legacy twin did not answer within the adapter's time limit. */
  record TimedOut(long limitMs) implements AdapterFailure {
    public String reason() {
      return "legacy-timed-out";
    }

    public String detail() {
      return "the legacy twin did not answer within " + limitMs + " ms";
    }
  }

  /** The legacy twin answered, but not with something the mapping accepts (status, size, shape). */
  record BadAnswer(String why) implements AdapterFailure {
    public BadAnswer {
      Objects.requireNonNull(why, "why");
    }

    public String reason() {
      return "legacy-bad-answer";
    }

    public String detail() {
      return "the legacy twin answered badly: " + why;
    }
  }

  /** The black box did not finish within its time limit (wall clock or CPU) and was killed. */
  record Hung(long limitMs) implements AdapterFailure {
    public String reason() {
      return "black-box-hung";
    }

    public String detail() {
      return "the model did not finish within " + limitMs + " ms and was stopped";
    }
  }

  /** The black box ended with a non-zero exit status or a signal. */
  record Crashed(int exitStatus) implements AdapterFailure {
    public String reason() {
      return "black-box-crashed";
    }

    public String detail() {
      return "the model ended with status " + exitStatus;
    }
  }

  /** The black box asked for more memory than its limit. */
  record MemoryExceeded(long limitBytes) implements AdapterFailure {
    public String reason() {
      return "black-box-memory-exceeded";
    }

    public String detail() {
      return "the model exceeded its memory limit of " + limitBytes + " bytes";
    }
  }

  /** The black box wrote more than its output limit and was stopped (flooding). */
  record OutputTooLarge(long limitBytes) implements AdapterFailure {
    public String reason() {
      return "black-box-output-too-large";
    }

    public String detail() {
      return "the model wrote more than " + limitBytes + " bytes and was stopped";
    }
  }

  /** The black box tried to open a network socket, which its sandbox forbids; it was killed. */
  record NetworkAttempt() implements AdapterFailure {
    public String reason() {
      return "black-box-network-attempt";
    }

    public String detail() {
      return "the model tried to use the network and was stopped";
    }
  }

  /**
   * The black box's output is not JSON or violates the operation's response schema; nothing of it is
   * released.
   *
   * @param violations where and which schema keyword failed, e.g. {@code /room_c: type}; never the
   *     output's values
   */
  record InvalidOutput(List<String> violations) implements AdapterFailure {
    public InvalidOutput {
      violations = List.copyOf(violations);
    }

    public String reason() {
      return "black-box-invalid-output";
    }

    public String detail() {
      return "the model's output was refused: " + String.join(", ", violations);
    }
  }

  /** The sandbox or its tools are missing or broken on this host; no model runs unsandboxed. */
  record SandboxUnavailable(String why) implements AdapterFailure {
    public SandboxUnavailable {
      Objects.requireNonNull(why, "why");
    }

    public String reason() {
      return "sandbox-unavailable";
    }

    public String detail() {
      return "the sandbox cannot run: " + why;
    }
  }

  /** The adapter already runs as many calls as it may; the call was not started. */
  record Overloaded(int limit) implements AdapterFailure {
    public String reason() {
      return "adapter-overloaded";
    }

    public String detail() {
      return "the adapter already runs " + limit + " calls";
    }
  }

  /** An event subscriber read too slowly: the stream's bounded queue filled and the stream ended. */
  record SubscriberTooSlow(int capacity) implements AdapterFailure {
    public String reason() {
      return "subscriber-too-slow";
    }

    public String detail() {
      return "the subscriber fell " + capacity + " events behind and the stream was ended";
    }
  }

  /** The adapter does not offer what was asked (e.g. events of a block that has none). */
  record Unsupported(String what) implements AdapterFailure {
    public Unsupported {
      Objects.requireNonNull(what, "what");
    }

    public String reason() {
      return "unsupported";
    }

    public String detail() {
      return "the adapter does not support " + what;
    }
  }

  /** The adapter was closed (its twin was removed or re-registered). */
  record Closed() implements AdapterFailure {
    public String reason() {
      return "adapter-closed";
    }

    public String detail() {
      return "the adapter is closed";
    }
  }
}
