package io.twinguard.adapters.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Eclipse BaSyx Python SDK's AAS Part 2 HTTP server (pinned in tools/python/requirements.txt),
 * started as a process of the test's Python environment on 127.0.0.1 with the room-12 environment.
 */
public final class BasyxServer {

  private static final long LIMIT_SECONDS = 120;

  public final int port;
  private static Path extracted;
  private Process process;
  /** How long the last start took, in milliseconds, until it printed that it listens. */
  public long startMillis;

  public BasyxServer(int port) {
    this.port = port;
  }

  /** {@code http://127.0.0.1:PORT/api/v3.0} */
  public String base() {
    return "http://127.0.0.1:" + port + "/api/v3.0";
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  public void start() throws Exception {
    if (running()) {
      return;
    }
    String python = System.getProperty("twinguard.python");
    if (python == null) {
      throw new IllegalStateException("the system property twinguard.python names no interpreter (scripts/python.sh makes it)");
    }
    long started = System.nanoTime();
    Process created = new ProcessBuilder(python, resource("aas/aas_server.py").toString(),
        resource("aas/room-12-environment.json").toString(), Integer.toString(port))
        .redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(created.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = output.readLine()) != null) {
          if (line.startsWith("listening on ")) {
            return line;
          }
        }
        return "ended";
      } catch (IOException e) {
        return "ended: " + e.getMessage();
      }
    });
    String line = ready.get(LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!line.startsWith("listening on ")) {
      created.destroyForcibly();
      throw new IllegalStateException("the AAS server did not start: " + line);
    }
    // keep draining its log so that it never blocks on a full pipe
    CompletableFuture.runAsync(() -> output.lines().forEach(ignored -> { }));
    process = created;
    startMillis = (System.nanoTime() - started) / 1_000_000;
  }

  /** Stops the process (the server going away). */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    process = null;
  }

  /**
   * A resource of this package ({@code aas/room-12-descriptor.json}) as a file: copied out once per
   * JVM, since in another module's tests it lies inside the test-jar.
   */
  public static synchronized Path resource(String name) throws IOException {
    if (extracted == null) {
      extracted = Files.createTempDirectory("twinguard-basyx");
      extracted.toFile().deleteOnExit();
    }
    Path file = extracted.resolve(name.replace('/', '_'));
    if (!Files.exists(file)) {
      try (InputStream in = BasyxServer.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no resource " + name);
        }
        Files.copy(in, file);
      }
      file.toFile().deleteOnExit();
    }
    return file;
  }
}
