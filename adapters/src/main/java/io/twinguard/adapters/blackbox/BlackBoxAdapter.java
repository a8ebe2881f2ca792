package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a twin whose model is a black box: each call runs the model once in a {@link Sandbox}
 * with the payload on stdin, and releases its stdout only when the run ended well within its limits
 * and the output satisfies the operation's schema. The caller only ever gets outputs; the model's
 * stderr, its files and the artefact itself never leave the adapter. Runs happen on a worker pool of
 * {@code maxConcurrent} threads; calls beyond that are refused at once with
 * {@link AdapterFailure.Overloaded}, so the broker never queues without bound.
 */
public final class BlackBoxAdapter implements Adapter {

  private final Vertx vertx;
  private final Sandbox sandbox;
  private final ModelProgram program;
  private final WorkerExecutor workers;
  private final ExecutorService pumps;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  public BlackBoxAdapter(Vertx vertx, Sandbox sandbox, ModelProgram program) {
    this.vertx = vertx;
    this.sandbox = sandbox;
    this.program = program;
    this.workers = vertx.createSharedWorkerExecutor(
        "twinguard-model-" + UUID.randomUUID(), program.maxConcurrent(), program.limits().timeoutMs() + 10_000, TimeUnit.MILLISECONDS);
    this.pumps = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "twinguard-model-pipe");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    if (closed.get()) {
      return AdapterException.failed(new AdapterFailure.Closed());
    }
    ModelOperation op = program.operation(call.block(), call.operation());
    if (op == null) {
      return AdapterException.failed(new AdapterFailure.UnknownOperation(call.block(), call.operation()));
    }
    byte[] payload = call.payload();
    String text = new String(payload, StandardCharsets.UTF_8);
    try {
      Json.decodeValue(text);
    } catch (DecodeException e) {
      return AdapterException.failed(new AdapterFailure.InvalidCall("the payload is not JSON"));
    }
    if (op.input().isPresent()) {
      List<String> violations = op.input().get().violations(text);
      if (!violations.isEmpty()) {
        return AdapterException.failed(new AdapterFailure.InvalidCall(String.join(", ", violations)));
      }
    }
    if (inFlight.incrementAndGet() > program.maxConcurrent()) {
      inFlight.decrementAndGet();
      return AdapterException.failed(new AdapterFailure.Overloaded(program.maxConcurrent()));
    }
    List<String> command = new ArrayList<>(program.command());
    command.addAll(op.args());
    List<String> sandboxed = sandbox.command(program.limits(), program.binds(), program.env(), command);
    return workers.executeBlocking(() -> SandboxRun.run(sandboxed, payload, program.limits(), pumps), false)
        .recover(failure -> AdapterException.failed(failure instanceof IOException
            ? new AdapterFailure.SandboxUnavailable("the sandbox did not start or end cleanly")
            : new AdapterFailure.SandboxUnavailable(failure.getClass().getSimpleName())))
        .compose(run -> release(op, run))
        .andThen(done -> inFlight.decrementAndGet());
  }

  private Future<AdapterResponse> release(ModelOperation op, RunResult run) {
    Optional<AdapterFailure> failure = run.failure(program.limits());
    if (failure.isPresent()) {
      return AdapterException.failed(failure.get());
    }
    String normalized;
    try {
      normalized = Json.encode(Json.decodeValue(Buffer.buffer(run.stdout())));
    } catch (DecodeException e) {
      return AdapterException.failed(new AdapterFailure.InvalidOutput(List.of("the output is not JSON")));
    }
    List<String> violations = op.output().violations(normalized);
    if (!violations.isEmpty()) {
      return AdapterException.failed(new AdapterFailure.InvalidOutput(violations));
    }
    return Future.succeededFuture(new AdapterResponse(
        200, AdapterResponse.JSON, normalized.getBytes(StandardCharsets.UTF_8), program.digest()));
  }

  @Override
  public Future<Health> health() {
    if (closed.get()) {
      return Future.succeededFuture(Health.down("closed"));
    }
    return vertx.executeBlocking(() -> program.artefact().intact()
        ? Health.up(program.digest() + " in place; " + inFlight.get() + " of " + program.maxConcurrent() + " runs in use")
        : Health.down(program.digest().label() + " is missing or changed"), false);
  }

  @Override
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return workers.close()
        .compose(done -> vertx.<Void>executeBlocking(() -> {
          pumps.shutdown();
          program.artefact().delete();
          return null;
        }, false))
        .recover(failure -> Future.succeededFuture());
  }
}
