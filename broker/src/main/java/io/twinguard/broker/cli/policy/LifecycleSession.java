package io.twinguard.broker.cli.policy;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.broker.lifecycle.InputRebuilder;
import io.twinguard.broker.lifecycle.RevisionEngines;
import io.twinguard.broker.lifecycle.Revisions;
import io.twinguard.broker.lifecycle.rollout.Rollouts;
import io.twinguard.broker.lifecycle.store.PolicyDatabase;
import io.twinguard.common.settings.TwinguardSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * One command's connection to the audit log and the policy schema: opens the log and a pool,
 * builds the stored revisions' engines, runs the command's future, and closes everything; a
 * failure (a refused setting included) is one line on standard error and exit code 1.
 *
 * @param vertx the command's Vert.x
 * @param settings the bound settings
 * @param log the audit log
 * @param pool a pool on the log's database
 * @param revisions the stored revisions (verified with {@code policy.bundle_key} when loaded)
 * @param engines engines of the revisions that decided recorded calls
 */
record LifecycleSession(Vertx vertx, TwinguardSettings settings, AuditLog log, Pool pool, Revisions revisions,
    RevisionEngines engines) {

  /** The inputs of recorded decisions. */
  InputRebuilder inputs() {
    return new InputRebuilder(pool);
  }

  static int run(String command, TwinguardSettings settings, PrintWriter err,
      Function<LifecycleSession, Future<Integer>> body) {
    Vertx vertx = Vertx.vertx();
    try {
      AuditLog log = AuditLog.open(vertx, LogConfig.from(settings)).await();
      Pool pool = null;
      RevisionEngines engines = null;
      try {
        vertx.executeBlocking(() -> {
          PolicyDatabase.migrate(log.connectOptions());
          return null;
        }, false).await();
        pool = PgBuilder.pool().connectingTo(log.connectOptions()).using(vertx).build();
        Revisions revisions = new Revisions(vertx, pool, Rollouts.verifier(settings.policy()));
        engines = new RevisionEngines(vertx, revisions, settings.policy().timeout());
        return body.apply(new LifecycleSession(vertx, settings, log, pool, revisions, engines)).await();
      } finally {
        if (engines != null) {
          engines.close();
        }
        if (pool != null) {
          pool.close().await();
        }
        log.close().await();
      }
    } catch (RuntimeException e) {
      return fail(command, err, e);
    } finally {
      vertx.close().await();
    }
  }

  static int fail(String command, PrintWriter err, Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("twinguard policy " + command + ": " + message.lines().findFirst().orElse(message));
    err.flush();
    return 1;
  }
}
