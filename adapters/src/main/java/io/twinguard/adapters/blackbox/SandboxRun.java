package io.twinguard.adapters.blackbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one sandboxed command to its end: writes the input to its stdin, reads at most the output
 * limit from its stdout, scans its stderr for refused memory requests (and discards it: a model's
 * diagnostics never leave the adapter), and kills the whole sandbox at the time limit or when the
 * output overflows. Blocking: call it on a worker thread, never on an event loop.
 */
public final class SandboxRun {


  private SandboxRun() {}

  /**
   * @param pumps runs the three pipe pumps of the run (stdin, stdout, stderr)
   * @throws IOException when the sandbox cannot be started
   * @throws InterruptedException when the calling thread is interrupted (the sandbox is killed)
   */
  public static RunResult run(List<String> command, byte[] input, Limits limits, Executor pumps)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    AtomicBoolean flooded = new AtomicBoolean();
    AtomicBoolean memoryRefused = new AtomicBoolean();
    AtomicBoolean networkTried = new AtomicBoolean();
    AtomicBoolean sandboxFailed = new AtomicBoolean();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(process.getOutputStream(), input), pumps);
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      if (!readBounded(process.getInputStream(), stdout, limits.maxOutputBytes())) {
        flooded.set(true);
        kill(process);
      }
    }, pumps);
    CompletableFuture<Void> scanner = CompletableFuture.runAsync(
        () -> scan(process.getErrorStream(), memoryRefused, networkTried, sandboxFailed), pumps);
    boolean timedOut = false;
    try {
      if (!process.waitFor(limits.timeoutMs(), TimeUnit.MILLISECONDS)) {
        timedOut = !flooded.get();
        kill(process);
      }
      process.waitFor();
      CompletableFuture.allOf(writer, reader, scanner).get(limits.timeoutMs() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    } catch (ExecutionException | TimeoutException e) {
      kill(process);
      throw new IOException("the pipes of the sandbox did not close", e);
    }
    int status = timedOut || flooded.get() ? -1 : process.exitValue();
    return new RunResult(status, stdout.toByteArray(), timedOut, flooded.get(), memoryRefused.get(), networkTried.get(), sandboxFailed.get());
  }

  /** Kills the sandbox and everything in it (its PID namespace dies with its first process). */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void write(OutputStream stdin, byte[] input) {
    try (stdin) {
      stdin.write(input);
    } catch (IOException e) {
      // the program ended or closed its stdin without reading all of it: its own business
    }
  }

  /** Reads until the end; false when there was more than {@code limit} bytes. */
  private static boolean readBounded(InputStream in, ByteArrayOutputStream out, long limit) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (out.size() + n > limit) {
          return false;
        }
        out.write(buffer, 0, n);
      }
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Reads stderr to its end, noting strace's marks of refused memory and network attempts, and
   * whether it starts with bubblewrap's own complaint (then the program never started).
   */
  private static void scan(InputStream in, AtomicBoolean memoryRefused, AtomicBoolean networkTried, AtomicBoolean sandboxFailed) {
    int overlap = Math.max(Sandbox.ENOMEM_MARK.length(), Sandbox.NETWORK_MARK.length());
    byte[] buffer = new byte[8192];
    String tail = "";
    String head = "";
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        // the tail of the previous chunk, so that a mark split between two reads is still seen
        String window = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        if (head.length() < Sandbox.BWRAP_MARK.length()) {
          head = window.substring(0, Math.min(window.length(), Sandbox.BWRAP_MARK.length()));
          sandboxFailed.set(head.equals(Sandbox.BWRAP_MARK));
        }
        if (window.contains(Sandbox.ENOMEM_MARK)) {
          memoryRefused.set(true);
        }
        if (window.contains(Sandbox.NETWORK_MARK)) {
          networkTried.set(true);
        }
        tail = window.substring(Math.max(0, window.length() - overlap));
      }
    } catch (IOException e) {
      // the sandbox was killed: what was read so far stands
    }
  }
}
