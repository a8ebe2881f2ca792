package io.twinguard.broker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One thing the broker needs to decide and record calls (the policies, the audit log, a bundle
 * source, an adapter), as {@code /ready} reports it. Asked on every {@code /ready}; must be cheap
 * and must not block.
 */
@FunctionalInterface
public interface Readiness {

  /** The state now, as far as it is known without waiting. */
  Check check();

  /**
   * The state now, for a check that must ask (an adapter's health): {@code /ready} waits for it.
   * The future never fails; by default it holds {@link #check()}.
   */
  default Future<Check> probe() {
    return Future.succeededFuture(check());
  }

  /**
   * @param name what is checked, the key in {@code /ready}'s body
   * @param ready whether calls can be served as far as this check goes
   * @param detail what an operator needs to know (a revision, a last failure), never a secret
   */
  record Check(String name, boolean ready, JsonObject detail) {
    public Check {
      Objects.requireNonNull(name, "name");
      detail = detail.copy();
    }

    @Override
    public JsonObject detail() {
      return detail.copy();
    }
  }
}
