package io.twinguard.broker.lifecycle.api;

import io.twinguard.broker.access.ApiAccess;
import io.twinguard.broker.access.Role;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/**
 * Who may use an API that needs a role: a handler that passes those who hold it (with their id under
 * {@link io.twinguard.broker.server.Refuse#CALLER}, which the records name as the actor) and refuses
 * everyone else through {@code problems}. {@link #of} checks the role with {@link ApiAccess}: an
 * administrator's certificate or a Keycloak token with the realm role.
 */
@FunctionalInterface
public interface RoleGate {

  /** The realm role of those who roll policies out, replay and explain them. */
  String POLICY_AUTHOR = "policy-author";

  /** A handler that lets only holders of {@code role} on. */
  Handler<RoutingContext> require(String role, BiConsumer<RoutingContext, Refusal> problems);

  /**
   * The gate of the broker's own APIs.
   *
   * @throws IllegalArgumentException from {@code require} when {@code role} is no realm role of twinguard
   */
  static RoleGate of(ApiAccess access) {
    return (role, problems) -> access.require(java.util.Arrays.stream(Role.values())
        .filter(known -> known.wireName().equals(role)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such role: " + role)), problems);
  }
}
