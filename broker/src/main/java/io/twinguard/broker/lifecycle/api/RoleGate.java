package io.twinguard.broker.lifecycle.api;

import io.twinguard.broker.admin.Administrators;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/**
 * Who may use an API that needs a role: a handler that passes those who hold it (with their id under
 * {@link io.twinguard.broker.server.Refuse#CALLER}, which the records name as the actor) and refuses
 * everyone else through {@code problems}. Role checks from Keycloak tokens replace {@link
 * #administrators} here.
 */
@FunctionalInterface
public interface RoleGate {

  /** The realm role of those who roll policies out, replay and explain them. */
  String POLICY_AUTHOR = "policy-author";

  /** A handler that lets only holders of {@code role} on. */
  Handler<RoutingContext> require(String role, BiConsumer<RoutingContext, Refusal> problems);

  /** Until roles come from tokens: the broker's administrators hold every role. */
  static RoleGate administrators(Administrators administrators) {
    return (role, problems) -> administrators.gate(problems);
  }
}
