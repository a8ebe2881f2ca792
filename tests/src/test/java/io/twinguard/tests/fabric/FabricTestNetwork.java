package io.twinguard.tests.fabric;

import io.twinguard.audit.anchor.FabricNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Fabric network of {@code scripts/fabric.sh}, for tests: reuses a running network, or builds
 * Fabric (cached in .tools/) and starts one on free ports, which {@link #close()} then tears down.
 * The network directory is {@code $FABRIC_HOME}, else {@code .fabric/} in the repository, as in
 * {@code scripts/test.sh}, whose trap tears the network down even when this JVM dies.
 */
public final class FabricTestNetwork implements AutoCloseable {

  /** Port offsets the script uses from its base port (one or two peer organisations). */
  private static final List<Integer> PORT_OFFSETS = List.of(0, 1, 2, 3, 10, 11, 12, 20, 21, 22);

  private final Path root;
  private final Path home;
  private final boolean startedHere;
  private final Duration buildTime;
  private final Duration upTime;
  private final String upOutput;

  private FabricTestNetwork(
      Path root, Path home, boolean startedHere, Duration buildTime, Duration upTime, String upOutput) {
    this.root = root;
    this.home = home;
    this.startedHere = startedHere;
    this.buildTime = buildTime;
    this.upTime = upTime;
    this.upOutput = upOutput;
  }

  static FabricTestNetwork start() throws IOException, InterruptedException {
    String configured = System.getenv("FABRIC_HOME");
    return start(configured == null || configured.isBlank() ? root().resolve(".fabric") : Path.of(configured));
  }

  static Path root() {
    return Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();
  }

  /** Reuses the network running in {@code home}, or starts one there. */
  static FabricTestNetwork start(Path home) throws IOException, InterruptedException {
    Path root = root();
    Map<String, String> env = new HashMap<>();
    env.put("FABRIC_HOME", home.toString());
    if (run(root, env, Duration.ofMinutes(1), "status").exitCode() == 0) {
      return new FabricTestNetwork(root, home, false, Duration.ZERO, Duration.ZERO, "");
    }
    long t0 = System.nanoTime();
    run(root, env, Duration.ofMinutes(20), "build").orFail("build");
    Duration build = Duration.ofNanos(System.nanoTime() - t0);
    if (!Files.exists(home.resolve("settings.env"))) {
      env.put("FABRIC_BASE_PORT", Integer.toString(freeBasePort()));
    }
    env.put("CORE_CHAINCODE_STARTUPTIMEOUT", "30s");
    long t1 = System.nanoTime();
    Result up = run(root, env, Duration.ofMinutes(5), "up");
    Duration upTime = Duration.ofNanos(System.nanoTime() - t1);
    FabricTestNetwork network = new FabricTestNetwork(root, home, true, build, upTime, up.output());
    if (up.exitCode() != 0) {
      network.close();
      up.orFail("up");
    }
    return network;
  }

  /** The client settings the script wrote. */
  public FabricNetwork network() {
    try {
      return FabricNetwork.read(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What {@code scripts/fabric.sh status} prints. */
  String status() throws IOException, InterruptedException {
    return run(root, Map.of("FABRIC_HOME", home.toString()), Duration.ofMinutes(1), "status").output();
  }

  /** The network directory, for {@code --fabric-dir}. */
  public Path home() {
    return home;
  }

  /** Stops the peer of org 1, keeping its ledger ({@code scripts/fabric.sh stop-peer}). */
  void stopPeer() throws IOException, InterruptedException {
    run(root, Map.of("FABRIC_HOME", home.toString()), Duration.ofMinutes(1), "stop-peer").orFail("stop-peer");
  }

  /** Starts the peer of org 1 again and waits until it is healthy. */
  void startPeer() throws IOException, InterruptedException {
    run(root, Map.of("FABRIC_HOME", home.toString()), Duration.ofMinutes(2), "start-peer").orFail("start-peer");
  }

  /** Whether this object started the network (and so stops it). */
  boolean startedHere() {
    return startedHere;
  }

  Duration buildTime() {
    return buildTime;
  }

  Duration upTime() {
    return upTime;
  }

  /** What {@code scripts/fabric.sh up} printed, with its own timings; empty for a reused network. */
  String upOutput() {
    return upOutput;
  }

  @Override
  public void close() throws IOException {
    if (startedHere) {
      try {
        run(root, Map.of("FABRIC_HOME", home.toString()), Duration.ofMinutes(2), "down").orFail("down");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the Fabric network", e);
      }
    }
  }

  record Result(int exitCode, String output) {
    void orFail(String verb) {
      if (exitCode != 0) {
        throw new IllegalStateException("scripts/fabric.sh " + verb + " exited with " + exitCode + ":\n" + output);
      }
    }
  }

  static Result run(Path root, Map<String, String> env, Duration timeout, String verb)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("fabric-" + verb, ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/fabric.sh").toString(), verb)
          .directory(root.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("scripts/fabric.sh " + verb + " took longer than " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** A base port whose whole block of network ports is free on 127.0.0.1 now. */
  private static int freeBasePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      // below 32768, where Linux picks ephemeral ports for outgoing connections
      int base = ThreadLocalRandom.current().nextInt(20_000, 32_700);
      if (PORT_OFFSETS.stream().allMatch(offset -> isFree(base + offset))) {
        return base;
      }
    }
    throw new IOException("found no free block of ports for the Fabric network");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
