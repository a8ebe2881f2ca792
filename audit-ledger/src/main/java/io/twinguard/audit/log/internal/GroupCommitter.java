package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Group commit: appends queue in a {@link BatchingQueue} and each batch is written in one
 * transaction with the subtrees it completes and a signed checkpoint that covers it. A batch goes
 * at once when no commit is in flight; up to {@code maxInFlight} commits may be in flight, each
 * batch computed on the tree the batch before it will leave and pipelined behind it on the
 * writer's connection ({@link BatchWriter}).
 *
 * <p>Guarantees: each caller's future completes only after the transaction that holds its record
 * has committed, and after every earlier batch's commit; leaf indices are dense and totally
 * ordered. A batch is written only if the stored log ends where it begins ({@link
 * LogStore#INSERT_BATCH}), so when a batch fails, or its outcome is unknown because the connection
 * broke, every later batch in flight fails too, none of them lands behind a gap, and the batch
 * after them rereads the right edge of the stored tree (on a new connection) once all of them have
 * settled. Checkpoints are handed to {@code committed} in commit order. Appends may come from any
 * thread.
 */
public final class GroupCommitter {

  private record Tip(CompactRange range, byte[] root) {}

  private record Prepared(long first, byte[] continuedRoot, List<CompactRange.Node> nodes,
      SignedCheckpoint checkpoint, Tip next) {}

  private record Issued(Prepared prepared, Future<Boolean> write) {}

  private final LogStore store;
  private final BatchWriter writer;
  private final NoteSigner signer;
  private final String origin;
  private final Consumer<SignedCheckpoint> committed;
  private final BatchingQueue<AuditRecord, Appended> queue;
  private volatile Optional<SignedCheckpoint> latest = Optional.empty();

  // touched only by load() before the first append and by commit(), which the queue calls one
  // batch at a time: the tree after the last batch written, and the outcome of that batch
  private Future<Tip> tip = Future.failedFuture(new IllegalStateException("the log is not loaded"));
  private Future<Void> previous = Future.succeededFuture();
  private volatile long generation;

  // the newest generation in which a batch failed or the connection closed: the next batch reloads
  private final AtomicLong failedGeneration = new AtomicLong(-1);

  /**
   * @param maxAge how long a batch may wait for more records while {@code maxInFlight} commits are
   *     in flight (a batch goes at once when none is)
   * @param committed told of every checkpoint this committer writes, after its commit
   */
  public GroupCommitter(Vertx vertx, LogStore store, PgConnectOptions connectOptions, NoteSigner signer,
      String origin, int maxBatch, Duration maxAge, int maxInFlight, Consumer<SignedCheckpoint> committed) {
    this.store = store;
    this.writer = new BatchWriter(vertx, connectOptions, this::connectionClosed);
    this.signer = signer;
    this.origin = origin;
    this.committed = committed;
    this.queue = new BatchingQueue<>(maxBatch, maxAge, maxInFlight, BatchingQueue.Timer.vertx(vertx), this::commit);
  }

  /** Connects and reads the right edge of the stored tree, so that appends continue it. */
  public Future<Void> load() {
    generation = 0;
    tip = reload(0);
    return tip.mapEmpty();
  }

  /** The newest checkpoint this committer wrote or loaded. */
  public Optional<SignedCheckpoint> latest() {
    return latest;
  }

  /**
   * Queues a record; the future completes when it is durable, on the caller's Vert.x context when
   * it has one.
   */
  public Future<Appended> append(AuditRecord record) {
    return queue.add(record);
  }

  /** Closes the writer's connection; commits in flight fail. */
  public Future<Void> close() {
    return writer.close();
  }

  /**
   * One batch: leaf hashes, then (after a reload if a batch failed) the subtrees and the signed
   * checkpoint on the tree the batch before leaves, the write, and the answer once the batch
   * before has its answer.
   */
  private Future<List<Appended>> commit(List<AuditRecord> batch) {
    List<byte[]> leafHashes = new ArrayList<>(batch.size());
    batch.forEach(record -> leafHashes.add(Rfc9162.leafHash(record.leaf())));
    Future<Void> before = previous;
    if (failedGeneration.get() >= generation) {
      long next = generation + 1;
      generation = next;
      tip = before.transform(settled -> reload(next));
      before = Future.succeededFuture();
    }
    long mine = generation;
    // the next batch is prepared on this one's tree only once this one's write is handed to the
    // connection: after a reload several batches wait on one tip, and each must reach the
    // connection in batch order, or a later one runs first and finds the log not ending where it begins
    Future<Issued> issued = tip.map(from -> {
      Prepared p = prepare(from, batch, leafHashes);
      return new Issued(p, writer.write(p.first(), p.continuedRoot(), batch, p.nodes(), p.checkpoint()));
    });
    tip = issued.map(i -> i.prepared().next());
    Future<SignedCheckpoint> written = issued.compose(i -> i.write()
        .compose(stored -> stored
            ? Future.succeededFuture(i.prepared().checkpoint())
            : Future.failedFuture(new IllegalStateException(
                "the stored log does not end where batch " + i.prepared().first() + ".."
                    + i.prepared().checkpoint().size()
                    + " begins: an earlier batch failed or another process appended"))));
    Future<SignedCheckpoint> answered = before.transform(earlier -> written.transform(own -> answer(earlier, own, mine)));
    previous = answered.mapEmpty();
    return answered.map(checkpoint -> {
      List<Appended> appended = new ArrayList<>(batch.size());
      long first = checkpoint.size() - batch.size();
      for (int i = 0; i < batch.size(); i++) {
        appended.add(new Appended(first + i, checkpoint));
      }
      return appended;
    });
  }

  /**
   * A batch's answer, once the batch before it has its own: a failure before fails this one too
   * (it was computed on a tree that is not stored); a success is published in commit order.
   */
  private Future<SignedCheckpoint> answer(AsyncResult<Void> earlier, AsyncResult<SignedCheckpoint> own, long mine) {
    if (earlier.failed() || own.failed()) {
      failedGeneration.accumulateAndGet(mine, Math::max);
      return Future.failedFuture(earlier.failed()
          ? new IllegalStateException("not acknowledged: an earlier batch failed", earlier.cause())
          : own.cause());
    }
    latest = Optional.of(own.result());
    committed.accept(own.result());
    return Future.succeededFuture(own.result());
  }

  private Prepared prepare(Tip from, List<AuditRecord> batch, List<byte[]> leafHashes) {
    CompactRange next = from.range().copy();
    long first = next.size();
    List<CompactRange.Node> nodes = new ArrayList<>(batch.size() * 2);
    leafHashes.forEach(hash -> nodes.addAll(next.append(hash)));
    byte[] root = next.root();
    Checkpoint checkpoint = new Checkpoint(origin, next.size(), root);
    SignedCheckpoint signed = new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text()));
    return new Prepared(first, from.root(), nodes, signed, new Tip(next, root));
  }

  /** A new connection, then the right edge of the stored tree. */
  private Future<Tip> reload(long generation) {
    return writer.reconnect(generation)
        .compose(v -> store.latestCheckpoint())
        .compose(checkpoint -> {
          long size = checkpoint.map(SignedCheckpoint::size).orElse(0L);
          return store.nodes(CompactRange.edge(size)).map(hashes -> {
            List<byte[]> ordered = new ArrayList<>();
            for (var id : CompactRange.edge(size)) {
              byte[] hash = hashes.get(id);
              if (hash == null) {
                throw new IllegalStateException("the log store lacks subtree " + id);
              }
              ordered.add(hash);
            }
            CompactRange loaded = CompactRange.of(size, ordered);
            byte[] root = loaded.root();
            if (checkpoint.isPresent() && !Arrays.equals(root, checkpoint.get().checkpoint().rootHash())) {
              throw new IllegalStateException(
                  "the stored subtrees do not give the root of checkpoint " + size + ": run twinguard audit verify");
            }
            latest = checkpoint;
            return new Tip(loaded, root);
          });
        });
  }

  /** A connection that closes while its generation is current: the next batch reconnects. */
  private void connectionClosed(long closedGeneration) {
    failedGeneration.accumulateAndGet(closedGeneration, Math::max);
  }
}
