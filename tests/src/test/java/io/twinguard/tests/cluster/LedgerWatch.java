package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.anchor.Anchor;
import io.twinguard.audit.anchor.AnchorException;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.tests.fabric.FabricTestNetwork;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A log's anchors as the real Fabric ledger holds them, read back from Fabric (never from our own
 * {@code log_anchor} table): a poller on a thread of its own reads the ledger's latest anchor of the
 * log every 100 ms and notes when its tree size grew, so that a test can tell when anchoring resumed
 * after a fault without waiting in between.
 */
final class LedgerWatch implements AutoCloseable {

  /** The ledger's anchored size grew to {@code size}, seen at {@code nanos} ({@link System#nanoTime()}). */
  record Seen(long nanos, long size) {}

  private final FabricAnchorClient client;
  private final String origin;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "ledger-watch");
    thread.setDaemon(true);
    return thread;
  });

  /** Connects to the network and starts polling the anchors of the log {@code origin}. */
  LedgerWatch(FabricTestNetwork network, String origin) throws IOException {
    this.client = FabricAnchorClient.connect(network.network(), Duration.ofSeconds(10));
    this.origin = origin;
    poller.scheduleWithFixedDelay(this::poll, 0, 100, TimeUnit.MILLISECONDS);
  }

  /** The first growth of the ledger's anchor beyond {@code size} seen at or after {@code nanos}, if any yet. */
  Optional<Seen> firstAbove(long size, long nanos) {
    return seen.stream().filter(s -> s.size() > size && s.nanos() - nanos >= 0).findFirst();
  }

  /** The ledger's latest anchor of the log, waiting (at most {@code bound}) until it covers {@code size}. */
  Anchor awaitAnchored(long size, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (seen.isEmpty() || seen.get(seen.size() - 1).size() < size) {
      assertTrue(System.nanoTime() < deadline, "tree size " + size + " not anchored on Fabric within " + bound
          + "; the ledger's anchors grew as " + seen);
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return client.getAnchor(origin);
  }

  /** The anchors on the ledger with tree sizes above {@code size}. */
  List<Anchor> anchorsAbove(long size) throws AnchorException {
    return client.listAnchors(origin, size + 1, Long.MAX_VALUE);
  }

  private void poll() {
    try {
      long size = client.getAnchor(origin).treeSize();
      if (seen.isEmpty() || seen.get(seen.size() - 1).size() < size) {
        seen.add(new Seen(System.nanoTime(), size));
      }
    } catch (AnchorException e) {
      // no anchor of the log yet, or the peer busy: the next poll reads again
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }
}
