package io.twinguard.broker.serve;

import io.twinguard.audit.anchor.AnchoringService;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.Broker;
import io.twinguard.broker.lifecycle.PolicyLifecycle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A broker {@link Serve#start started} from settings, with everything it owns.
 *
 * @param vertx its Vert.x
 * @param broker the broker's servers
 * @param policies its policy engine (and bundle reloader)
 * @param lifecycle its policy lifecycle
 * @param log its audit log
 * @param anchoring the Fabric anchoring, when {@code fabric.dir} is set
 * @param consent the consent service and the portal
 */
public record Running(Vertx vertx, Broker broker, PolicyRuntime policies, PolicyLifecycle lifecycle, AuditLog log,
    Optional<Anchoring> anchoring, ConsentWiring consent) implements AutoCloseable {

  /** The anchoring service with its Fabric client. */
  public record Anchoring(AnchoringService service, FabricAnchorClient client) {
    void close() {
      await(service.stop());
      client.close();
    }
  }

  /**
   * Stops the broker, then the policy lifecycle, the policies, the anchoring, the consent service,
   * the audit log and Vert.x; blocks until
   * done. Call it from a thread of your own, never from a Vert.x thread.
   */
  @Override
  public void close() {
    try {
      await(broker.stop());
      lifecycle.close();
      policies.close();
      anchoring.ifPresent(Anchoring::close);
      await(consent.close());
      await(log.close());
    } finally {
      await(vertx.close());
    }
  }

  /** Waits for a start-up or shut-down step; a failure becomes an IllegalStateException with its message. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }
}
