package io.twinguard.policies;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code opa run --server} on 127.0.0.1 and a free port, for tests; close stops it. */
public final class OpaServer implements AutoCloseable {

  private final Process process;
  private final URI uri;

  private OpaServer(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /** The Rego bundle the Maven build makes beside the Wasm one (same revision). */
  public static Path buildBundle() {
    return TestSupport.root().resolve("policies/target/opa-server-bundle.tar.gz");
  }

  /** Starts opa serving {@code bundle} (plus any extra arguments) and waits until it is healthy. */
  public static OpaServer start(Path log, String... extra) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(TestSupport.opa().toString(), "run", "--server",
        "--addr", "127.0.0.1:" + port, "--log-level", "error"));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    OpaServer server = new OpaServer(process, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("opa exited: " + java.nio.file.Files.readString(log));
      }
      if (server.healthy()) {
        return server;
      }
      Thread.sleep(50);
    }
    server.close();
    throw new IllegalStateException("opa did not become healthy");
  }

  /** Whether GET /health?bundles answers 200 (the bundles are activated). */
  public boolean healthy() {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.resolve("/health?bundles").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(500);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
