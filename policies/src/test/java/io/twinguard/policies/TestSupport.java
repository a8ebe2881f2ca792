package io.twinguard.policies;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Paths of the repository and a way to wait for a future in a test. */
public final class TestSupport {

  private TestSupport() {}

  /** The repository root (surefire passes it as twinguard.root). */
  public static Path root() {
    return Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();
  }

  /** The pinned opa the build made. */
  public static Path opa() {
    return root().resolve(".tools/bin/opa");
  }

  /** A file of policies/examples as JSON. */
  public static JsonObject example(String name) throws IOException {
    return new JsonObject(Files.readString(root().resolve("policies/examples").resolve(name), StandardCharsets.UTF_8));
  }

  /** Polls {@code condition} until it holds or {@code bound} has passed; returns whether it held. */
  public static boolean eventually(java.util.concurrent.Callable<Boolean> condition, java.time.Duration bound)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Waits (at most 60 s) for a future's result; rethrows its failure. */
  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
