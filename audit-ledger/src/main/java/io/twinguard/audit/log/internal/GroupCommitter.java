package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.NodeId;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Group commit: appends queue in a {@link BatchingQueue} and each batch is written in one
 * transaction with the subtrees it completes and a signed checkpoint that covers it. A batch goes
 * at once when no commit is in flight, else as soon as the one in flight ends, at most {@code
 * maxBatch} records at a time. Each caller's future completes only after the transaction that holds
 * its record has committed, with the leaf index it got. One batch is in flight at a time (each
 * continues the tree the previous one left), so the leaf order is total. Appends may come from any
 * thread.
 */
public final class GroupCommitter {

  /** Each batch extends the compact range the previous batch committed: one at a time. */
  private static final int COMMITS_IN_FLIGHT = 1;

  private final LogStore store;
  private final NoteSigner signer;
  private final String origin;
  private final Consumer<SignedCheckpoint> committed;
  private final BatchingQueue<AuditRecord, Appended> queue;

  // owned by the one batch in flight; read by others only through the volatile latest
  private CompactRange range;
  private boolean reloadNeeded = true;
  private volatile Optional<SignedCheckpoint> latest = Optional.empty();

  /**
   * @param maxAge how long a batch may wait while another commit is in flight; with one commit in
   *     flight at a time, a batch never waits longer than the commit before it
   * @param committed told of every checkpoint this committer writes, after its commit
   */
  public GroupCommitter(Vertx vertx, LogStore store, NoteSigner signer, String origin, int maxBatch,
      Duration maxAge, Consumer<SignedCheckpoint> committed) {
    this.store = store;
    this.signer = signer;
    this.origin = origin;
    this.committed = committed;
    this.queue = new BatchingQueue<>(maxBatch, maxAge, COMMITS_IN_FLIGHT, BatchingQueue.Timer.vertx(vertx), this::commit);
  }

  /** Reads the right edge of the stored tree, so that appends continue it. */
  public Future<Void> load() {
    return store
        .latestCheckpoint()
        .compose(
            checkpoint -> {
              long size = checkpoint.map(SignedCheckpoint::size).orElse(0L);
              List<NodeId> edge = CompactRange.edge(size);
              return store
                  .nodes(edge)
                  .map(
                      hashes -> {
                        List<byte[]> ordered = new ArrayList<>();
                        for (NodeId id : edge) {
                          byte[] hash = hashes.get(id);
                          if (hash == null) {
                            throw new IllegalStateException("the log store lacks subtree " + id);
                          }
                          ordered.add(hash);
                        }
                        CompactRange loaded = CompactRange.of(size, ordered);
                        if (checkpoint.isPresent()
                            && !Arrays.equals(loaded.root(), checkpoint.get().checkpoint().rootHash())) {
                          throw new IllegalStateException(
                              "the stored subtrees do not give the root of checkpoint " + size
                                  + ": run twinguard audit verify");
                        }
                        range = loaded;
                        latest = checkpoint;
                        reloadNeeded = false;
                        return null;
                      });
            });
  }

  /** The newest checkpoint this committer wrote or loaded. */
  public Optional<SignedCheckpoint> latest() {
    return latest;
  }

  /** Queues a record; the future completes when it is durable. */
  public Future<Appended> append(AuditRecord record) {
    return queue.add(record);
  }

  /** One batch: reload the stored edge after a failure, then write and sign. */
  private Future<List<Appended>> commit(List<AuditRecord> batch) {
    Future<Void> ready = reloadNeeded ? load() : Future.succeededFuture();
    return ready
        .compose(v -> write(batch))
        .map(checkpoint -> {
          List<Appended> appended = new ArrayList<>(batch.size());
          long first = checkpoint.size() - batch.size();
          for (int i = 0; i < batch.size(); i++) {
            appended.add(new Appended(first + i, checkpoint));
          }
          committed.accept(checkpoint);
          return appended;
        })
        .onFailure(e -> reloadNeeded = true); // the outcome of a failed commit may be unknown
  }

  private Future<SignedCheckpoint> write(List<AuditRecord> batch) {
    CompactRange next = range.copy();
    long first = next.size();
    List<CompactRange.Node> nodes = new ArrayList<>(batch.size() * 2);
    for (AuditRecord record : batch) {
      nodes.addAll(next.append(Rfc9162.leafHash(record.leaf())));
    }
    Checkpoint checkpoint = new Checkpoint(origin, next.size(), next.root());
    SignedCheckpoint signed = new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text()));
    return store
        .insertBatch(first, batch, nodes, signed)
        .map(
            v -> {
              range = next;
              latest = Optional.of(signed);
              return signed;
            });
  }
}
