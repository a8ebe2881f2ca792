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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Group commit: appends wait in a queue and are written in one transaction per batch, flushed when
 * the batch is full or its oldest record is {@code maxAge} old. Each caller's future completes only
 * after the transaction that holds its record has committed, and with the leaf index it got. One
 * batch is in flight at a time, so the leaf order is total. Appends may come from any thread.
 */
public final class GroupCommitter {

  private record Pending(AuditRecord record, Promise<Appended> promise) {}

  private final Vertx vertx;
  private final LogStore store;
  private final NoteSigner signer;
  private final String origin;
  private final int maxBatch;
  private final long maxAgeMillis;

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean flushing;
  private long timer = -1;

  // owned by the one batch in flight; read by others only through the volatile latest
  private CompactRange range;
  private boolean reloadNeeded = true;
  private volatile Optional<SignedCheckpoint> latest = Optional.empty();

  public GroupCommitter(
      Vertx vertx, LogStore store, NoteSigner signer, String origin, int maxBatch, Duration maxAge) {
    this.vertx = vertx;
    this.store = store;
    this.signer = signer;
    this.origin = origin;
    this.maxBatch = maxBatch;
    this.maxAgeMillis = maxAge.toMillis();
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
    Promise<Appended> promise = Promise.promise();
    boolean flushNow = false;
    synchronized (this) {
      queue.add(new Pending(record, promise));
      if (!flushing) {
        if (queue.size() >= maxBatch || maxAgeMillis == 0) {
          startFlush();
          flushNow = true;
        } else if (timer < 0) {
          timer = vertx.setTimer(maxAgeMillis, id -> onTimer());
        }
      }
    }
    if (flushNow) {
      flush();
    }
    return promise.future();
  }

  private void onTimer() {
    boolean flushNow;
    synchronized (this) {
      timer = -1;
      flushNow = !flushing && !queue.isEmpty();
      if (flushNow) {
        startFlush();
      }
    }
    if (flushNow) {
      flush();
    }
  }

  /** Marks a flush as started; the caller holds the lock. */
  private void startFlush() {
    flushing = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      while (!queue.isEmpty() && batch.size() < maxBatch) {
        batch.add(queue.poll());
      }
    }
    Future<Void> ready = reloadNeeded ? load() : Future.succeededFuture();
    ready
        .compose(v -> commit(batch))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                SignedCheckpoint checkpoint = ar.result();
                long first = checkpoint.size() - batch.size();
                for (int i = 0; i < batch.size(); i++) {
                  batch.get(i).promise().complete(new Appended(first + i, checkpoint));
                }
              } else {
                // the outcome of a failed commit may be unknown: read the stored state again
                reloadNeeded = true;
                batch.forEach(p -> p.promise().fail(ar.cause()));
              }
              boolean again;
              synchronized (this) {
                flushing = false;
                // records that queued during the commit have waited long enough: go at once
                again = !queue.isEmpty();
                if (again) {
                  startFlush();
                }
              }
              if (again) {
                flush();
              }
            });
  }

  private Future<SignedCheckpoint> commit(List<Pending> batch) {
    CompactRange next = range.copy();
    long first = next.size();
    List<AuditRecord> records = new ArrayList<>(batch.size());
    List<CompactRange.Node> nodes = new ArrayList<>(batch.size() * 2);
    for (Pending p : batch) {
      records.add(p.record());
      nodes.addAll(next.append(Rfc9162.leafHash(p.record().leaf())));
    }
    Checkpoint checkpoint = new Checkpoint(origin, next.size(), next.root());
    SignedCheckpoint signed = new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text()));
    return store
        .insertBatch(first, records, nodes, signed)
        .map(
            v -> {
              range = next;
              latest = Optional.of(signed);
              return signed;
            });
  }
}
