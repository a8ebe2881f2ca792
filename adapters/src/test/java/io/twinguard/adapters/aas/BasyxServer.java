package io.twinguard.adapters.aas;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Eclipse BaSyx Python SDK's AAS Part 2 HTTP server (pinned in tools/python/requirements.txt),
 * started as a process of the test's Python environment on 127.0.0.1 with the room-12 environment.
 */
final class BasyxServer {

  private static final long LIMIT_SECONDS = 120;

  final int port;
  private Process process;
  /** How long the last start took, in milliseconds, until it printed that it listens. */
  long startMillis;

  BasyxServer(int port) {
    this.port = port;
  }

  /** {@code http://127.0.0.1:PORT/api/v3.0} */
  String base() {
    return "http://127.0.0.1:" + port + "/api/v3.0";
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  void start() throws Exception {
    if (running()) {
      return;
    }
    String python = System.getProperty("twinguard.python");
    if (python == null) {
      throw new IllegalStateException("the system property twinguard.python names no interpreter (scripts/python.sh makes it)");
    }
    long started = System.nanoTime();
    Process created = new ProcessBuilder(python, resource("/aas/aas_server.py").toString(),
        resource("/aas/room-12-environment.json").toString(), Integer.toString(port))
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
      } catch (java.io.IOException e) {
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
  void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    process = null;
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(BasyxServer.class.getResource(name).toURI());
  }
}
