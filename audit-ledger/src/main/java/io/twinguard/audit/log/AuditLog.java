package io.twinguard.audit.log;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.twinguard.audit.log.internal.CheckpointFeed;
import io.twinguard.audit.log.internal.Database;
import io.twinguard.audit.log.internal.GroupCommitter;
import io.twinguard.audit.log.internal.LogKeyFile;
import io.twinguard.audit.log.internal.LogStore;
import io.twinguard.audit.log.internal.LogVerifier;
import io.twinguard.audit.log.internal.SharedWriters;
import io.twinguard.audit.log.internal.Writers;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.signing.note.NoteSigner;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.PrivateKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The verifiable audit log: an RFC 9162 Merkle tree of audit records in PostgreSQL, with a signed
 * checkpoint (C2SP tlog-checkpoint) after every committed batch.
 *
 * <p>Guarantees: an append's future completes only when its record, the subtrees it completes and
 * a checkpoint covering it are committed, and after every earlier append's commit; it completes on
 * the Vert.x context the append was called from (on the thread that saw the commit when called
 * outside Vert.x). Leaf indices are dense and totally ordered; an inclusion
 * or consistency proof reads O(log n) stored subtree hashes in one query. Futures fail with {@link
 * IllegalArgumentException} for a request outside the log and {@link IllegalStateException} when
 * the store lacks what a proof needs.
 *
 * <p>Writers ({@code log.writers}): with {@code single} one process appends to a log at a time and
 * gives indices as it commits (the leaf index is the primary key, so a second writer fails instead
 * of forking the log); {@link #accept} then completes exactly when {@link #append} does. With
 * {@code shared} every process appends durably to the log's entries ({@link #accept} completes
 * then, with an {@link Accepted.Sequenced}) and one of them at a time integrates the entries into
 * the tree; {@link #integrated} and {@link #append} complete once the record has its index.
 */
public final class AuditLog {

  private record Started(Database database, NoteSigner signer) {}

  private final Vertx vertx;
  private final Database database;
  private final Pool pool;
  private final LogStore store;
  private final Proofs proofs;
  private final Writers committer;
  private final CheckpointFeed feed;
  private final NoteVerifierKey verifierKey;
  private final String origin;
  private final CompositeMeterRegistry meters;

  private AuditLog(
      Vertx vertx, Database database, Pool pool, Writers committer, LogStore store,
      CheckpointFeed feed, NoteVerifierKey verifierKey, String origin, CompositeMeterRegistry meters) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.committer = committer;
    this.store = store;
    this.proofs = new Proofs(store);
    this.feed = feed;
    this.verifierKey = verifierKey;
    this.origin = origin;
    this.meters = meters;
  }

  /**
   * Opens the log: starts the embedded database if no URL is configured, migrates and checks the
   * schema, reads or creates the signing key, and reads the right edge of the stored tree (a
   * shared writer: subscribes to new checkpoints and starts trying to become the integrator).
   */
  public static Future<AuditLog> open(Vertx vertx, LogConfig config) {
    return vertx.executeBlocking(() -> {
      PrivateKey key = LogKeyFile.loadOrCreate(config.keyFile());
      return new Started(Database.start(config), NoteSigner.create(config.origin(), key));
    }).compose(started -> {
      Database database = started.database();
      NoteSigner signer = started.signer();
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(database.connectOptions())
          .using(vertx).build();
      LogStore store = new LogStore(pool);
      CheckpointFeed feed = new CheckpointFeed();
      CompositeMeterRegistry meters = new CompositeMeterRegistry();
      Writers committer = config.sharedWriters()
          ? new SharedWriters(vertx, pool, database.connectOptions(), signer, config, feed::publish, meters)
          : new GroupCommitter(vertx, store, database.connectOptions(), signer, config.origin(),
              config.maxBatch(), config.maxAge(), config.maxInFlight(), feed::publish);
      AuditLog log = new AuditLog(
          vertx, database, pool, committer, store, feed, signer.verifierKey(), config.origin(), meters);
      return committer.start().map(v -> log)
          .recover(e -> log.close().transform(ignored -> Future.failedFuture(e)));
    });
  }

  /**
   * The log's meters, for a registry that publishes them (the broker's {@code /metrics}): with
   * shared writers {@code twinguard.log.integration.delay}, a timer with a percentile histogram of
   * each record's time from its acceptance to its integration (PostgreSQL's clock at both ends),
   * recorded by the process that integrates it; a single writer has none, its records being
   * integrated as they are accepted. Meters bound before and after the call both reach the registry.
   */
  public MeterBinder metrics() {
    return meters::add;
  }

  /** The key that verifies this log's checkpoints. */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  public String origin() {
    return origin;
  }

  /**
   * Appends a record; completes when it is durable, with its index and covering checkpoint, on the
   * caller's Vert.x context. Fails when its batch, or a batch before it still in flight, failed or
   * its outcome is unknown (the record may then be in the log without an index given out); with
   * shared writers also when it was not integrated within {@code log.integration_timeout_ms}.
   */
  public Future<Appended> append(AuditRecord record) {
    return committer.append(record);
  }

  /**
   * Accepts a record: completes once it is durable, so that the caller may answer, on the caller's
   * Vert.x context, with its leaf hash (and, from a single writer, its index). Fails as {@link
   * #append} does, except that a shared writer does not wait for integration.
   */
  public Future<Accepted> accept(AuditRecord record) {
    return committer.accept(record);
  }

  /**
   * The index and covering checkpoint of a record this log accepted: at once from a single writer,
   * once the integrator integrated it with shared writers.
   *
   * @throws IllegalStateException (in the future) when it was not integrated within {@code
   *     log.integration_timeout_ms} (it stays durable) or the log closed
   * @throws IllegalArgumentException (in the future) when another kind of writer accepted it
   */
  public Future<Appended> integrated(Accepted accepted) {
    return committer.integrated(accepted);
  }

  /**
   * Tells {@code listener} of every checkpoint this log commits from now on, in commit order, on the
   * Vert.x context of the caller (a new event-loop context when called outside Vert.x), once its
   * commit is durable, and none committed before the call: read {@link #latestCheckpoint()} after
   * subscribing. A single writer delivers every checkpoint it commits. A shared writer delivers the
   * log's checkpoints whichever process integrated them, in increasing size: its own integrator's at
   * once, another's when its notification arrives; while the notifications' subscription is down
   * some are skipped, and the newest is delivered when it is up again. An exception thrown by the
   * listener is logged and does not end the subscription.
   */
  public Subscription onCheckpoint(Consumer<SignedCheckpoint> listener) {
    return feed.subscribe(vertx.getOrCreateContext(), listener);
  }

  /** The newest stored checkpoint, read from the database (another process may have appended). */
  public Future<Optional<SignedCheckpoint>> latestCheckpoint() {
    return store.latestCheckpoint();
  }

  /** The stored leaf at an index. */
  public Future<Optional<byte[]>> leaf(long index) {
    return store.leaf(index);
  }

  /** The inclusion proof of a leaf against the newest stored checkpoint. */
  public Future<InclusionProof> inclusionProof(long index) {
    return proofs.inclusion(index);
  }

  /**
   * The inclusion proof of an integrated leaf, named by its RFC 9162 leaf hash, against the newest
   * checkpoint (RFC 9162 get-proof-by-hash). Leaves that shared writers' integrator wrote carry
   * their hash; a single writer's are found by index only.
   *
   * @throws IllegalArgumentException (in the future) when no integrated leaf has this hash
   */
  public Future<InclusionProof> inclusionProof(byte[] leafHash) {
    return proofs.inclusion(leafHash);
  }

  /**
   * The inclusion proof of a leaf against a given checkpoint of this log.
   *
   * @throws IllegalArgumentException (in the future) unless {@code 0 <= index < checkpoint size}
   */
  public Future<InclusionProof> inclusionProof(long index, SignedCheckpoint checkpoint) {
    return proofs.inclusion(index, checkpoint);
  }

  /**
   * The consistency proof from size1 to size2.
   *
   * @throws IllegalArgumentException (in the future) unless {@code 0 < size1 <= size2}
   */
  public Future<List<byte[]>> consistencyProof(long size1, long size2) {
    return proofs.consistency(size1, size2);
  }

  /**
   * The stored hashes of complete subtrees, for callers that batch several proofs into one read.
   */
  public Future<Map<NodeId, byte[]>> subtrees(Collection<NodeId> ids) {
    return store.nodes(ids);
  }

  /** Recomputes the tree from the stored leaves and checks every stored hash and checkpoint. */
  public Future<VerifyReport> verify() {
    return new LogVerifier(store, verifierKey, origin).run();
  }

  /** The connection pool, for the query side of the module. */
  public Pool pool() {
    return pool;
  }

  /**
   * Where the log's database is (the configured one or the embedded one this log started), for a
   * module that keeps its own schema in the same database, such as the consent store. A copy.
   */
  public io.vertx.pgclient.PgConnectOptions connectOptions() {
    return database.connectOptions();
  }

  /** Closes the connections and stops the embedded database, if any. Appends still queued fail. */
  public Future<Void> close() {
    return committer.close().otherwiseEmpty().compose(v -> pool.close())
        .transform(ar -> vertx.executeBlocking(() -> {
          database.close();
          return null;
        }))
        .mapEmpty();
  }
}
