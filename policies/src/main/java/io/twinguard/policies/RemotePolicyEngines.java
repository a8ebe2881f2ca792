package io.twinguard.policies;

import io.twinguard.policies.internal.RemotePolicyEngine;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;

/** Creates engines that ask an OPA server over its REST Data API. */
public final class RemotePolicyEngines {

  private RemotePolicyEngines() {}

  /**
   * An engine asking the OPA server at {@code base} (such as {@code http://127.0.0.1:8181});
   * a call that takes longer than {@code timeout} is {@link Decision.Undecided}.
   */
  public static PolicyEngine opaServer(Vertx vertx, URI base, Duration timeout) {
    return new RemotePolicyEngine(vertx, base, timeout);
  }
}
