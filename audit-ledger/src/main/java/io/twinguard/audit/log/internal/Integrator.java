package io.twinguard.audit.log.internal;

import io.micrometer.core.instrument.Timer;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes accepted entries leaves, while it is the log's integrator. Every shared writer runs one: it
 * tries {@link EntryStore#TRY_LOCK} on a connection of its own every {@code takeover}; the one that
 * gets the session lock integrates, the others stay standbys. The lock lives as long as its
 * connection, so when the integrator's process or connection dies PostgreSQL releases it and a
 * standby takes over within {@code takeover} (plus the time the server takes to notice a dead peer).
 *
 * <p>A round takes up to {@code roundMax} committed entries by id ({@link EntryStore#SELECT_PENDING}),
 * gives them the next indices, computes the subtrees they complete, signs a checkpoint and writes
 * all of it, deleting the entries, in one statement on the lock's connection ({@link
 * EntryStore#INTEGRATE}): a round either happens whole or not at all, and only while the lock is
 * held. Ids that were rolled back leave gaps that nothing waits for, and an entry committed after
 * a higher id was integrated is taken by the next round: indices are dense, every committed entry
 * is integrated exactly once, in id order within a round. Rounds follow each other while entries
 * wait, and otherwise start when a writer's wake-up arrives (or at the next tick).
 *
 * <p>Everything runs on one Vert.x context of its own. Checkpoints it commits go to {@code
 * committed}, with the highest entry id integrated so far, and each entry's integration delay, from
 * its {@code accepted_at} to the round's end on PostgreSQL's clock, to {@code delay}.
 */
final class Integrator {

  /** The application name of its connection, for pg_stat_activity. */
  static final String APPLICATION_NAME = "twinguard-audit-integrate";

  private static final Logger LOG = Logger.getLogger(Integrator.class.getName());

  private record Tip(CompactRange range, byte[] root) {}

  private final Vertx vertx;
  private final Context context;
  private final PgConnectOptions options;
  private final NoteSigner signer;
  private final String origin;
  private final long takeoverMs;
  private final int roundMax;
  private final ObjLongConsumer<SignedCheckpoint> committed;
  private final Timer delay;

  // touched only on the context
  private PgConnection connection;
  private Tip tip;
  private long highest;
  private boolean trying;
  private boolean running;
  private boolean again;
  private boolean closed;
  private long timer = -1;
  private volatile boolean holding;

  /** @param delay given each integrated entry's time from its acceptance to its integration */
  Integrator(Vertx vertx, PgConnectOptions options, NoteSigner signer, String origin, Duration takeover,
      int roundMax, ObjLongConsumer<SignedCheckpoint> committed, Timer delay) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = new PgConnectOptions(options).setCachePreparedStatements(true)
        .addProperty("application_name", APPLICATION_NAME);
    this.signer = signer;
    this.origin = origin;
    this.takeoverMs = Math.max(1, takeover.toMillis());
    this.roundMax = roundMax;
    this.committed = committed;
    this.delay = delay;
  }

  /** Tries to become the integrator now and then every {@code takeover}. */
  void start() {
    context.runOnContext(v -> {
      timer = vertx.setPeriodic(takeoverMs, id -> tick());
      tick();
    });
  }

  /** Whether this process holds the lock, as far as it knows. */
  boolean holding() {
    return holding;
  }

  /** Stops trying and closes the connection, which releases the lock. */
  Future<Void> close() {
    return Future.<Void>future(p -> context.runOnContext(v -> {
      closed = true;
      vertx.cancelTimer(timer);
      PgConnection current = connection;
      connection = null;
      holding = false;
      (current == null ? Future.<Void>succeededFuture() : current.close()).onComplete(p);
    }));
  }

  /** A standby tries the lock; the integrator runs a round, in case a wake-up was lost. */
  private void tick() {
    if (closed || trying) {
      return;
    }
    if (connection != null) {
      round();
      return;
    }
    trying = true;
    PgConnection.connect(vertx, options)
        .compose(opened -> opened.preparedQuery(EntryStore.TRY_LOCK).execute(Tuple.of(EntryStore.INTEGRATOR_LOCK))
            .compose(rows -> rows.iterator().next().getBoolean("held")
                ? take(opened)
                : opened.close().map(v -> false))
            .onFailure(e -> opened.close()))
        .onComplete(ar -> {
          trying = false;
          if (ar.failed()) {
            LOG.log(Level.FINE, "could not try the integrator lock: " + ar.cause().getMessage());
          } else if (ar.result()) {
            round();
          }
        });
  }

  /** The lock is ours: listen for wake-ups and read the stored edge. */
  private Future<Boolean> take(PgConnection opened) {
    opened.closeHandler(v -> lost(opened));
    opened.notificationHandler(n -> round());
    return opened.query(EntryStore.LISTEN_ENTRIES).execute()
        .compose(v -> opened.query(EntryStore.SELECT_HIGHEST_INTEGRATED).execute())
        .compose(rows -> {
          Long stored = rows.iterator().next().getLong("highest");
          highest = stored == null ? 0 : stored;
          return StoredEdge.read(new LogStore(opened));
        })
        .map(edge -> {
          if (closed) {
            opened.close();
            return false;
          }
          tip = new Tip(edge.range(), edge.root());
          connection = opened;
          holding = true;
          LOG.info("this process now integrates the audit log, from size " + edge.range().size());
          return true;
        });
  }

  private void lost(PgConnection which) {
    if (connection == which) {
      connection = null;
      holding = false;
      LOG.warning("this process no longer integrates the audit log: its connection closed");
    }
  }

  /** Gives up the lock after a round went wrong; a standby, or this process at its next tick, goes on. */
  private void resign(PgConnection which, Throwable cause) {
    LOG.log(Level.WARNING, "integration round failed, giving up the integrator lock: " + cause.getMessage());
    lost(which);
    which.close();
  }

  private void round() {
    PgConnection on = connection;
    if (on == null || closed) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    on.preparedQuery(EntryStore.SELECT_PENDING).execute(Tuple.of(roundMax))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(0);
          }
          List<Long> ids = new ArrayList<>(rows.size());
          List<byte[]> hashes = new ArrayList<>(rows.size());
          for (Row row : rows) {
            ids.add(row.getLong("id"));
            hashes.add(row.getBuffer("leaf_hash").getBytes());
          }
          return integrate(on, ids, hashes).map(ids.size());
        })
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            resign(on, ar.cause());
          } else if (again || ar.result() == roundMax) {
            round();
          }
        });
  }

  private Future<Void> integrate(PgConnection on, List<Long> ids, List<byte[]> hashes) {
    CompactRange next = tip.range().copy();
    long from = next.size();
    List<CompactRange.Node> nodes = new ArrayList<>(hashes.size() * 2);
    hashes.forEach(hash -> nodes.addAll(next.append(hash)));
    byte[] root = next.root();
    Checkpoint checkpoint = new Checkpoint(origin, next.size(), root);
    SignedCheckpoint signed = new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text()));
    long highestAfter = Math.max(highest, ids.stream().mapToLong(Long::longValue).max().orElse(0));
    return on.preparedQuery(EntryStore.INTEGRATE)
        .execute(EntryStore.integrate(from, tip.root(), ids, nodes, signed, highestAfter))
        .compose(rows -> {
          if (rows.rowCount() != 1) {
            return Future.failedFuture(new IllegalStateException("the stored log does not end at size " + from
                + " with root " + Base64.getEncoder().encodeToString(tip.root()) + ": another process wrote it"));
          }
          tip = new Tip(next, root);
          highest = highestAfter;
          committed.accept(signed, highestAfter);
          for (double seconds : rows.iterator().next().getArrayOfDoubles("delays")) {
            delay.record(Math.max(0, Math.round(seconds * 1e9)), TimeUnit.NANOSECONDS);
          }
          return Future.succeededFuture();
        });
  }
}
