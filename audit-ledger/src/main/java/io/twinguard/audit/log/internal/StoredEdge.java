package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The right edge of the stored tree: the newest checkpoint and the subtrees a new leaf continues,
 * read so that the next batch (or round of integration) continues the stored log.
 *
 * @param checkpoint the newest stored checkpoint, if any
 * @param range the compact range of the stored tree
 * @param root its root hash
 */
record StoredEdge(Optional<SignedCheckpoint> checkpoint, CompactRange range, byte[] root) {

  /**
   * Reads the edge of the newest checkpoint's tree.
   *
   * @throws IllegalStateException (in the future) when a subtree is missing or the subtrees do not
   *     give the checkpoint's root
   */
  static Future<StoredEdge> read(LogStore store) {
    return store.latestCheckpoint().compose(checkpoint -> {
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
        return new StoredEdge(checkpoint, loaded, root);
      });
    });
  }
}
