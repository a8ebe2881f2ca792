package io.twinguard.tests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code twinguard serve} in a JVM of its own, configured by {@code TWINGUARD_*} variables only
 * (none inherited from the test's environment), its output in a log file. {@link #kill} is SIGKILL:
 * no shutdown hook runs, as when a machine dies.
 */
final class BrokerProcess {

  private final String name;
  private final Path log;
  private final List<String> command;
  private final Map<String, String> environment;
  private Process process;

  private BrokerProcess(String name, Path log, List<String> command, Map<String, String> environment) {
    this.name = name;
    this.log = log;
    this.command = command;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Starts {@code twinguard serve} with {@code environment} in a JVM with the options {@code jvm}
   * ({@code {broker}} in them replaced by the directory's and broker's name, e.g. {@code
   * cluster-2-0-broker-1}, so that each JVM writes its own Flight Recorder file), logging to {@code
   * dir/name.log}.
   */
  static BrokerProcess start(String name, Path dir, Map<String, String> environment, List<String> jvm)
      throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String broker = dir.getFileName() + "-" + name;
    jvm.forEach(option -> command.add(option.replace("{broker}", broker)));
    command.addAll(List.of("-cp", classpath, "io.twinguard.cli.Twinguard", "serve"));
    BrokerProcess process = new BrokerProcess(name, dir.resolve(name + ".log"), command, environment);
    process.launch();
    return process;
  }

  private void launch() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("TWINGUARD_"));
    builder.environment().putAll(environment);
    process = builder.start();
  }

  /** Kills the broker with SIGKILL and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Starts it again, as it was configured. */
  void restart() throws IOException {
    launch();
  }

  /** The broker JVM's process id. */
  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The end of its log, for assertion messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return name + ": " + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return name + ": no log (" + e.getMessage() + ")";
    }
  }

  /** Stops the broker (SIGTERM: its shutdown hook closes it), then SIGKILL if it hangs. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
