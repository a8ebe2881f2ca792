package io.twinguard.audit.log;

import io.twinguard.audit.log.internal.LogStore;
import io.twinguard.audit.merkle.HashRecipe;
import io.twinguard.audit.merkle.ProofPlan;
import io.vertx.core.Future;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The proofs {@link AuditLog} serves, read from its store; see there for what each guarantees. */
final class Proofs {

  private final LogStore store;

  Proofs(LogStore store) {
    this.store = store;
  }

  Future<InclusionProof> inclusion(long index) {
    return store.latestCheckpoint().compose(latest -> {
      if (latest.isEmpty() || index < 0 || index >= latest.get().size()) {
        return Future.failedFuture(new IllegalArgumentException("index " + index + " is not in the log of size "
            + latest.map(SignedCheckpoint::size).orElse(0L)));
      }
      return inclusion(index, latest.get());
    });
  }

  Future<InclusionProof> inclusion(byte[] leafHash) {
    byte[] hash = leafHash.clone();
    return store.latestCheckpoint()
        .compose(latest -> latest.isEmpty()
            ? Future.succeededFuture(Optional.<Long>empty())
            : store.indexOfLeafHash(hash, latest.get().size()))
        .compose(index -> index.isEmpty()
            ? Future.failedFuture(new IllegalArgumentException(
                "no integrated leaf has the hash " + HexFormat.of().formatHex(hash)))
            : inclusion(index.get()));
  }

  Future<InclusionProof> inclusion(long index, SignedCheckpoint checkpoint) {
    List<HashRecipe> plan;
    try {
      plan = ProofPlan.inclusion(index, checkpoint.size());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return store.leafAndNodes(index, ProofPlan.nodes(plan)).map(read -> {
      byte[] leaf = read.leaf().orElseThrow(() -> new IllegalStateException("the log store lacks leaf " + index));
      return new InclusionProof(leaf, index, ProofPlan.hashes(plan, read.nodes()::get), checkpoint);
    });
  }

  Future<List<byte[]>> consistency(long size1, long size2) {
    List<HashRecipe> plan;
    try {
      plan = ProofPlan.consistency(size1, size2);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return store.nodes(ProofPlan.nodes(plan)).map(hashes -> ProofPlan.hashes(plan, hashes::get));
  }
}
