package io.twinguard.broker.server;

import io.vertx.ext.web.Router;

/** An API of the broker's own (admin, audit) that mounts its routes beside the twin calls. */
@FunctionalInterface
public interface Api {

  /** Mounts the API's routes; {@code refuse} answers its refusals. */
  void mount(Router router, Refuse refuse);
}
