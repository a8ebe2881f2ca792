package io.twinguard.audit.cli;

import io.twinguard.audit.anchor.Anchor;
import io.twinguard.audit.anchor.AnchorConfig;
import io.twinguard.audit.anchor.AnchorVerifier;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.StoredAnchor;
import io.twinguard.audit.anchor.internal.AnchorStore;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code twinguard audit anchors}: the log's checkpoints anchored on Fabric, oldest first, with
 * transaction id, block number (where the local log recorded it) and whether the local log
 * records the anchor.
 */
@Command(
    name = "anchors",
    mixinStandardHelpOptions = true,
    description = {
      "List the log's checkpoints anchored on Fabric: tree size, Fabric transaction id, block number",
      "(as recorded locally, - when unknown), anchoring time, and whether the local log records it."
    })
final class AnchorsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Mixin FabricOptions fabricOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var config = options.resolve();
    AnchorConfig anchoring = fabricOptions.resolve(config, Optional.ofNullable(options.config));
    FabricAnchorClient client;
    try {
      client = FabricOptions.connect(anchoring);
    } catch (RuntimeException e) {
      return LogSession.fail("anchors", err, e);
    }
    try (client) {
      return LogSession.run(
          "anchors",
          config,
          err,
          (vertx, log) ->
              AnchorVerifier.listAll(vertx, client, log.origin())
                  .compose(anchors -> stored(new AnchorStore(log.pool()), anchors)
                      .map(stored -> print(anchors, stored, out))));
    }
  }

  private static Future<Map<Long, StoredAnchor>> stored(AnchorStore store, List<Anchor> anchors) {
    if (anchors.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return store.between(anchors.get(0).treeSize(), anchors.get(anchors.size() - 1).treeSize())
        .map(stored -> stored.stream().collect(Collectors.toMap(StoredAnchor::treeSize, Function.identity())));
  }

  private static int print(List<Anchor> anchors, Map<Long, StoredAnchor> stored, PrintWriter out) {
    out.printf("%-12s %-8s %-64s %-30s %s%n", "TREE_SIZE", "BLOCK", "TX_ID", "ANCHORED_AT", "LOCAL");
    for (Anchor anchor : anchors) {
      StoredAnchor local = stored.get(anchor.treeSize());
      boolean same = local != null && local.txId().equals(anchor.txId());
      String block = same && local.blockNumber().isPresent() ? Long.toString(local.blockNumber().getAsLong()) : "-";
      out.printf("%-12d %-8s %-64s %-30s %s%n",
          anchor.treeSize(), block, anchor.txId(), anchor.timestamp(),
          local == null ? "no" : same ? "yes" : "other-tx:" + local.txId());
    }
    out.flush();
    return 0;
  }
}
