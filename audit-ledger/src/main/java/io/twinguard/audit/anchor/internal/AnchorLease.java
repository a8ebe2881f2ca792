package io.twinguard.audit.anchor.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The right to anchor one log: the session-level advisory lock {@link AnchorStore#TRY_LOCK} on a
 * connection of its own. While another session holds it, or the database cannot be reached, the
 * lease tries again every {@code retry}; the lock lives as long as its connection, so when the
 * holder's process or connection dies (or PostgreSQL restarts) PostgreSQL releases it and the next
 * try of any lease takes it. {@code gained} is given the store on the lock's connection each time the
 * lock is taken (a try ends when its future does, whatever its outcome), {@code lost} is told each
 * time that connection closes. Everything runs on {@code context}.
 */
public final class AnchorLease {

  /** The application name of its connection, for pg_stat_activity. */
  static final String APPLICATION_NAME = "twinguard-audit-anchor";

  private static final Logger LOG = Logger.getLogger(AnchorLease.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final PgConnectOptions options;
  private final String origin;
  private final long retryMs;
  private final Function<AnchorStore, Future<?>> gained;
  private final Runnable lost;

  // touched only on the context
  private PgConnection connection;
  private boolean trying;
  private boolean closed;
  private long timer = -1;
  private volatile boolean holding;

  public AnchorLease(Vertx vertx, Context context, PgConnectOptions options, String origin, Duration retry,
      Function<AnchorStore, Future<?>> gained, Runnable lost) {
    this.vertx = vertx;
    this.context = context;
    this.options = new PgConnectOptions(options).addProperty("application_name", APPLICATION_NAME);
    this.origin = origin;
    this.retryMs = Math.max(1, retry.toMillis());
    this.gained = gained;
    this.lost = lost;
  }

  /**
   * Tries the lock once, then every {@code retry} while it is not held.
   *
   * @return whether the first try took the lock, once {@code gained} is done with it; failed when the
   *     database could not be reached
   */
  public Future<Boolean> start() {
    return Future.<Boolean>future(p -> context.runOnContext(v -> {
      timer = vertx.setPeriodic(retryMs, id -> attempt());
      tryLock().onComplete(p);
    }));
  }

  /** Whether this lease holds the lock, as far as it knows. */
  public boolean holding() {
    return holding;
  }

  /** Stops trying and closes the connection, which releases the lock. */
  public Future<Void> close() {
    return Future.<Void>future(p -> context.runOnContext(v -> {
      closed = true;
      vertx.cancelTimer(timer);
      PgConnection current = connection;
      connection = null;
      holding = false;
      (current == null ? Future.<Void>succeededFuture() : current.close()).onComplete(p);
    }));
  }

  private void attempt() {
    tryLock().onFailure(e -> LOG.log(Level.FINE, "could not try the anchoring lock: " + e.getMessage()));
  }

  private Future<Boolean> tryLock() {
    if (closed || trying || connection != null) {
      return Future.succeededFuture(connection != null);
    }
    trying = true;
    return PgConnection.connect(vertx, options)
        .compose(opened -> new AnchorStore(opened).tryLock(origin)
            .compose(locked -> locked && !closed ? take(opened) : opened.close().map(false))
            .onFailure(e -> opened.close()))
        .onComplete(ar -> trying = false);
  }

  private Future<Boolean> take(PgConnection opened) {
    connection = opened;
    holding = true;
    opened.closeHandler(v -> {
      if (connection == opened) {
        connection = null;
        holding = false;
        LOG.warning("this process no longer anchors the audit log " + origin + ": its connection closed");
        lost.run();
      }
    });
    LOG.info("this process now anchors the audit log " + origin);
    return gained.apply(new AnchorStore(opened)).transform(ignored -> Future.succeededFuture(true));
  }
}
