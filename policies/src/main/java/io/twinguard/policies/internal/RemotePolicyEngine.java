package io.twinguard.policies.internal;

import io.twinguard.policies.Decision;
import io.twinguard.policies.PolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.TreeSet;

/**
 * Asks an OPA server ({@code opa run --server}) through its REST Data API:
 * {@code POST /v1/data/twinguard/decision/result?provenance=true} with {@code {"input": ...}}.
 * The bundle revision comes from the response's provenance. Any error, non-200 status, undefined
 * or malformed result or timeout is {@link Decision.Undecided}. {@link #decide} may be called from
 * any thread; on a Vert.x context its future completes on that context.
 */
public final class RemotePolicyEngine implements PolicyEngine {

  private final WebClient client;
  private final URI base;
  private final Duration timeout;
  private volatile String revision = "none";
  private volatile boolean closed;

  /** An engine asking the OPA server at {@code base} (e.g. {@code http://127.0.0.1:8181}). */
  public RemotePolicyEngine(Vertx vertx, URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .setKeepAlive(true));
  }

  @Override
  public Future<Decision> decide(JsonObject input) {
    if (closed) {
      return Future.succeededFuture(new Decision.Undecided("the policy engine is closed", revision));
    }
    Buffer body;
    try {
      body = new JsonObject().put("input", input).toBuffer();
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Decision.Undecided("the policy input cannot be encoded as JSON", revision));
    }
    return client.postAbs(base.resolve("/v1/data/" + ENTRYPOINT + "?provenance=true").toString())
        .timeout(timeout.toMillis())
        .putHeader("Content-Type", "application/json")
        .sendBuffer(body)
        .map(this::decision)
        .otherwise(failure -> new Decision.Undecided(
            "the policy server did not decide: " + failure.getClass().getSimpleName(), revision));
  }

  private Decision decision(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return new Decision.Undecided("the policy server answered " + response.statusCode(), revision);
    }
    JsonObject body = response.bodyAsJsonObject();
    String decided = revisionOf(body.getJsonObject("provenance"));
    revision = decided;
    JsonObject result = body.getJsonObject("result");
    if (result == null) {
      return new Decision.Undecided("the policy server has no decision (is the bundle loaded?)", decided);
    }
    return Decision.fromResult(result, decided);
  }

  /** The revision of the first (usually only) bundle in the provenance, else the single revision. */
  private static String revisionOf(JsonObject provenance) {
    if (provenance == null) {
      return "none";
    }
    JsonObject bundles = provenance.getJsonObject("bundles");
    if (bundles != null) {
      for (String name : new TreeSet<>(bundles.fieldNames())) {
        return bundles.getJsonObject(name).getString("revision", "none");
      }
    }
    return provenance.getString("revision", "none");
  }

  @Override
  public String revision() {
    return revision;
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
