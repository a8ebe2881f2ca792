package io.twinguard.tests.identity;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Keycloak of a test's own, run by {@code scripts/keycloak.sh} in a directory and on ports of its
 * own, so that the test may stop it without touching the Keycloak other tests use. Starting it
 * imports the realm anew (about two minutes here); {@link #clean} stops it and deletes its state.
 */
final class OwnKeycloak {

  private static final Path ROOT = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();

  private final Path dir;
  private final Map<String, String> environment;

  private OwnKeycloak(Path dir, int port, int httpsPort) {
    this.dir = dir;
    this.environment = Map.of("KEYCLOAK_DIR", dir.toString(), "KEYCLOAK_PORT", Integer.toString(port),
        "KEYCLOAK_HTTPS_PORT", Integer.toString(httpsPort));
  }

  /** Starts an instance in {@code dir} on free loopback ports, waiting until its realm answers. */
  static OwnKeycloak start(Path dir) throws Exception {
    OwnKeycloak keycloak = new OwnKeycloak(dir, freePort(), freePort());
    keycloak.script("start");
    return keycloak;
  }

  /** The running instance as tests read it. */
  TestKeycloak running() throws Exception {
    return TestKeycloak.in(dir);
  }

  /** Stops the process (its state stays). */
  void stop() throws Exception {
    script("stop");
  }

  /** Stops the process if it runs and deletes its state. */
  void clean() throws Exception {
    script("clean");
  }

  private void script(String command) throws Exception {
    Files.createDirectories(dir);
    ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("scripts/keycloak.sh").toString(), command)
        .directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".log").toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroy();
      throw new AssertionError("scripts/keycloak.sh " + command + " did not end within 15 minutes");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("scripts/keycloak.sh " + command + " failed (" + process.exitValue() + "), see "
          + dir.resolveSibling(dir.getFileName() + ".log"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
