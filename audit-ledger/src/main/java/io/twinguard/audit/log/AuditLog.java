package io.twinguard.audit.log;

import io.twinguard.audit.log.internal.CheckpointFeed;
import io.twinguard.audit.log.internal.Database;
import io.twinguard.audit.log.internal.GroupCommitter;
import io.twinguard.audit.log.internal.LogKeyFile;
import io.twinguard.audit.log.internal.LogStore;
import io.twinguard.audit.log.internal.LogVerifier;
import io.twinguard.audit.merkle.HashRecipe;
import io.twinguard.audit.merkle.ProofPlan;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.signing.note.NoteSigner;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.PrivateKey;
import java.util.List;
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
 * or consistency proof reads O(log n) stored subtree hashes in one query. One process appends to a
 * log at a time (the leaf index is the primary key, so a second writer fails instead of forking
 * the log). Futures fail with {@link IllegalArgumentException} for a request outside the log and
 * {@link IllegalStateException} when the store lacks what a proof needs.
 */
public final class AuditLog {

  private record Started(Database database, NoteSigner signer) {}

  private final Vertx vertx;
  private final Database database;
  private final Pool pool;
  private final LogStore store;
  private final GroupCommitter committer;
  private final CheckpointFeed feed;
  private final NoteVerifierKey verifierKey;
  private final String origin;

  private AuditLog(
      Vertx vertx, Database database, Pool pool, GroupCommitter committer, LogStore store,
      CheckpointFeed feed, NoteVerifierKey verifierKey, String origin) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.committer = committer;
    this.store = store;
    this.feed = feed;
    this.verifierKey = verifierKey;
    this.origin = origin;
  }

  /**
   * Opens the log: starts the embedded database if no URL is configured, migrates and checks the
   * schema, reads or creates the signing key, and reads the right edge of the stored tree.
   */
  public static Future<AuditLog> open(Vertx vertx, LogConfig config) {
    return vertx
        .executeBlocking(
            () -> {
              PrivateKey key = LogKeyFile.loadOrCreate(config.keyFile());
              return new Started(Database.start(config), NoteSigner.create(config.origin(), key));
            })
        .compose(
            started -> {
              Database database = started.database();
              NoteSigner signer = started.signer();
              Pool pool =
                  PgBuilder.pool()
                      .with(new PoolOptions().setMaxSize(4))
                      .connectingTo(database.connectOptions())
                      .using(vertx)
                      .build();
              LogStore store = new LogStore(pool);
              CheckpointFeed feed = new CheckpointFeed();
              GroupCommitter committer = new GroupCommitter(vertx, store, database.connectOptions(), signer,
                  config.origin(), config.maxBatch(), config.maxAge(), config.maxInFlight(), feed::publish);
              AuditLog log = new AuditLog(
                  vertx, database, pool, committer, store, feed, signer.verifierKey(), config.origin());
              return committer
                  .load()
                  .map(v -> log)
                  .recover(e -> log.close().transform(ignored -> Future.failedFuture(e)));
            });
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
   * its outcome is unknown (the record may then be in the log without an index given out).
   */
  public Future<Appended> append(AuditRecord record) {
    return committer.append(record);
  }

  /**
   * Tells {@code listener} of every checkpoint this log commits from now on, in commit order, on the
   * Vert.x context of the caller (a new event-loop context when called outside Vert.x), once its
   * commit is durable. Only checkpoints this instance commits are delivered, and none committed
   * before the call: read {@link #latestCheckpoint()} after subscribing. An exception thrown by the
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
    return latestCheckpoint()
        .compose(
            latest -> {
              if (latest.isEmpty() || index < 0 || index >= latest.get().size()) {
                return Future.failedFuture(
                    new IllegalArgumentException(
                        "index " + index + " is not in the log of size "
                            + latest.map(SignedCheckpoint::size).orElse(0L)));
              }
              return inclusionProof(index, latest.get());
            });
  }

  /**
   * The inclusion proof of a leaf against a given checkpoint of this log.
   *
   * @throws IllegalArgumentException (in the future) unless {@code 0 <= index < checkpoint size}
   */
  public Future<InclusionProof> inclusionProof(long index, SignedCheckpoint checkpoint) {
    List<HashRecipe> plan;
    try {
      plan = ProofPlan.inclusion(index, checkpoint.size());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return store
        .leafAndNodes(index, ProofPlan.nodes(plan))
        .map(
            read -> {
              byte[] leaf =
                  read.leaf()
                      .orElseThrow(() -> new IllegalStateException("the log store lacks leaf " + index));
              return new InclusionProof(leaf, index, ProofPlan.hashes(plan, read.nodes()::get), checkpoint);
            });
  }

  /**
   * The consistency proof from size1 to size2.
   *
   * @throws IllegalArgumentException (in the future) unless {@code 0 < size1 <= size2}
   */
  public Future<List<byte[]>> consistencyProof(long size1, long size2) {
    List<HashRecipe> plan;
    try {
      plan = ProofPlan.consistency(size1, size2);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return store.nodes(ProofPlan.nodes(plan)).map(hashes -> ProofPlan.hashes(plan, hashes::get));
  }

  /**
   * The stored hashes of complete subtrees, for callers that batch several proofs into one read.
   */
  public Future<java.util.Map<io.twinguard.audit.merkle.NodeId, byte[]>> subtrees(
      java.util.Collection<io.twinguard.audit.merkle.NodeId> ids) {
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
    return committer.close()
        .otherwiseEmpty()
        .compose(v -> pool.close())
        .transform(
            ar ->
                vertx.executeBlocking(
                    () -> {
                      database.close();
                      return null;
                    }))
        .mapEmpty();
  }
}
