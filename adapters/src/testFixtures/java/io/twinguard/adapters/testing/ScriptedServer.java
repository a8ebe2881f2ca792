package io.twinguard.adapters.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's server scripts ({@code scripts/mosquitto.sh start|stop}) from a
 * test, with its environment, bounded in time; the script's output is the failure message.
 */
public final class ScriptedServer {

  private static final long LIMIT_SECONDS = 120;

  private final Path script;
  private final Map<String, String> environment;

  public ScriptedServer(String script, Map<String, String> environment) {
    this.script = root().resolve("scripts").resolve(script);
    this.environment = Map.copyOf(environment);
  }

  /** The repository root (surefire's {@code twinguard.root}). */
  public static Path root() {
    return Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Runs {@code script verb}; returns its output.
   *
   * @throws IllegalStateException when it fails or does not end in time
   */
  public String run(String verb) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(script.toString(), verb).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(script + " " + verb + " did not end within " + LIMIT_SECONDS + " s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(script + " " + verb + " failed (" + process.exitValue() + "): " + output);
    }
    return output;
  }
}
