package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.Anchor;
import io.twinguard.audit.anchor.AnchorException;
import io.twinguard.audit.anchor.AnchorVerifier;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.StoredAnchor;
import io.twinguard.audit.anchor.internal.AnchorStore;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code twinguard audit anchors}: the log's checkpoints anchored on Fabric, oldest first, with
 * transaction id, block number (as the local log recorded it, else read from the peer's ledger)
 * and whether the local log records the anchor.
 */
@Command(
    name = "anchors",
    mixinStandardHelpOptions = true,
    description = {
      "List the log's checkpoints anchored on Fabric: tree size, block number (as stored locally, else",
      "read from the peer), Fabric transaction id, anchoring time, and whether the local log records it."
    })
final class AnchorsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Mixin FabricOptions fabricOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return LogSession.runWithFabric("anchors", options, fabricOptions, err, (vertx, log, client, anchoring) ->
        AnchorVerifier.listAll(vertx, client, log.origin())
            .compose(anchors -> stored(new AnchorStore(log.pool()), anchors)
                .compose(stored -> vertx.executeBlocking(() -> rows(client, anchors, stored), false))
                .map(rows -> print(rows, out))));
  }

  private static Future<Map<Long, StoredAnchor>> stored(AnchorStore store, List<Anchor> anchors) {
    if (anchors.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return store.between(anchors.get(0).treeSize(), anchors.get(anchors.size() - 1).treeSize())
        .map(stored -> stored.stream().collect(Collectors.toMap(StoredAnchor::treeSize, Function.identity())));
  }

  private record Line(Anchor anchor, long block, String local) {}

  /** Block numbers as stored locally, else from the peer's ledger; blocking. */
  private static List<Line> rows(FabricAnchorClient client, List<Anchor> anchors, Map<Long, StoredAnchor> stored)
      throws AnchorException {
    List<Line> lines = new ArrayList<>(anchors.size());
    for (Anchor anchor : anchors) {
      StoredAnchor local = stored.get(anchor.treeSize());
      boolean same = local != null && local.txId().equals(anchor.txId());
      long block = same && local.blockNumber().isPresent()
          ? local.blockNumber().getAsLong()
          : client.blockNumberOf(anchor.txId());
      lines.add(new Line(anchor, block, local == null ? "no" : same ? "yes" : "other-tx:" + local.txId()));
    }
    return lines;
  }

  private static int print(List<Line> lines, PrintWriter out) {
    out.printf("%-12s %-8s %-64s %-30s %s%n", "TREE_SIZE", "BLOCK", "TX_ID", "ANCHORED_AT", "LOCAL");
    for (Line line : lines) {
      out.printf("%-12d %-8d %-64s %-30s %s%n", line.anchor().treeSize(), line.block(), line.anchor().txId(),
          line.anchor().timestamp(), line.local());
    }
    out.flush();
    return 0;
  }
}
