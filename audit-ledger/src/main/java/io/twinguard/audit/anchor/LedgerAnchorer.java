package io.twinguard.audit.anchor;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One anchoring attempt of {@link AnchoringService}, against the ledger: learn the ledger's latest
 * anchor of the log (once, and again after any failure that may have committed), refuse a
 * checkpoint the stored tree cannot prove consistent with it, and anchor. Fabric calls run on the
 * service's single worker thread. One attempt at a time.
 */
final class LedgerAnchorer {

  /** An anchor and, when this process committed it, its block. */
  record Outcome(Anchor anchor, OptionalLong blockNumber) {
    StoredAnchor stored() {
      return new StoredAnchor(anchor.treeSize(), anchor.txId(), blockNumber);
    }
  }

  private final AuditLog log;
  private final FabricAnchorClient client;
  private final WorkerExecutor worker;

  // the ledger's latest anchor as last seen; read again when ledgerKnown is false
  private volatile Optional<Anchor> lastAnchor = Optional.empty();
  private volatile boolean ledgerKnown;
  // touched only on the single worker thread
  private boolean registered;

  LedgerAnchorer(AuditLog log, FabricAnchorClient client, WorkerExecutor worker) {
    this.log = log;
    this.client = client;
    this.worker = worker;
  }

  /**
   * Anchors the checkpoint, or finds it covered by the ledger's latest anchor (then without a
   * block number). Fails when Fabric fails or the local log has forked from the ledger.
   */
  Future<Outcome> anchor(SignedCheckpoint checkpoint) {
    Future<Optional<Anchor>> ledger = ledgerKnown
        ? Future.succeededFuture(lastAnchor)
        : worker.executeBlocking(this::readLedger, false);
    return ledger
        .compose(onLedger -> {
          Optional<Anchor> covering = covering(onLedger, checkpoint);
          if (covering.isPresent()) {
            return Future.succeededFuture(new Outcome(covering.get(), OptionalLong.empty()));
          }
          return extendsLedger(onLedger, checkpoint)
              .compose(v -> worker.executeBlocking(() -> anchorBlocking(checkpoint), false));
        })
        .onSuccess(outcome -> {
          lastAnchor = Optional.of(outcome.anchor());
          ledgerKnown = true;
        });
  }

  /** Reads the ledger's latest anchor again at the next attempt: another service may have anchored since. */
  void forgetLedger() {
    ledgerKnown = false;
  }

  /** Registers the log (once per service) and reads its latest anchor; blocking, on the worker. */
  private Optional<Anchor> readLedger() throws AnchorException {
    if (!registered) {
      client.registerLog(log.origin(), log.verifierKey());
      registered = true;
    }
    try {
      return Optional.of(client.getAnchor(log.origin()));
    } catch (AnchorException e) {
      if (e.reason() == AnchorException.Reason.REFUSED) {
        return Optional.empty(); // registered, so refused means no anchor yet
      }
      throw e;
    }
  }

  /**
   * The ledger's anchor if it covers the checkpoint (the chaincode refuses a size not larger than
   * the last). One of the same size with another root means the local log forked: never anchored
   * over, so the service keeps failing with that message.
   */
  private static Optional<Anchor> covering(Optional<Anchor> onLedger, SignedCheckpoint checkpoint) {
    if (onLedger.isEmpty() || onLedger.get().treeSize() < checkpoint.size()) {
      return Optional.empty();
    }
    Anchor anchor = onLedger.get();
    if (anchor.treeSize() == checkpoint.size()
        && !MessageDigest.isEqual(anchor.rootHash(), checkpoint.checkpoint().rootHash())) {
      throw new IllegalStateException("Fabric holds another checkpoint of tree size " + anchor.treeSize()
          + " (transaction " + anchor.txId() + "): the local log has forked; run twinguard audit verify --fabric");
    }
    return onLedger;
  }

  /** Fails unless the stored tree proves the checkpoint consistent with the ledger's latest anchor. */
  private Future<Void> extendsLedger(Optional<Anchor> onLedger, SignedCheckpoint checkpoint) {
    if (onLedger.isEmpty()) {
      return Future.succeededFuture();
    }
    Anchor anchor = onLedger.get();
    return log.consistencyProof(anchor.treeSize(), checkpoint.size()).compose(proof -> {
      try {
        ProofVerifier.verifyConsistency(anchor.treeSize(), checkpoint.size(), proof,
            anchor.rootHash(), checkpoint.checkpoint().rootHash());
        return Future.succeededFuture();
      } catch (ProofException e) {
        return Future.failedFuture(new IllegalStateException("the local checkpoint of tree size "
            + checkpoint.size() + " does not extend the anchor of tree size " + anchor.treeSize()
            + " (transaction " + anchor.txId() + "): the local log has forked; run twinguard audit verify --fabric",
            e));
      }
    });
  }

  /** Anchors the checkpoint; blocking, on the worker. */
  private Outcome anchorBlocking(SignedCheckpoint checkpoint) throws AnchorException {
    try {
      AnchorReceipt receipt = client.anchor(log.origin(), checkpoint.note());
      return new Outcome(receipt.anchor(), OptionalLong.of(receipt.blockNumber()));
    } catch (AnchorException e) {
      switch (e.reason()) {
        // may have committed, or refused as "not larger": read the ledger before sending again
        case UNAVAILABLE, REFUSED -> ledgerKnown = false;
        // invalidated, so certainly not anchored: send again after the backoff
        case NOT_COMMITTED -> { }
      }
      throw e;
    }
  }
}
