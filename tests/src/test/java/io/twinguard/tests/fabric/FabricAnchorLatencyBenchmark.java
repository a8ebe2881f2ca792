package io.twinguard.tests.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.anchor.AnchorReceipt;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Measures Fabric anchoring on this machine: the Fabric build (cached or not), a fresh network's
 * start (up, channel joined, chaincode committed and answering), and the latency of one anchor from
 * signing the checkpoint to the commit of its transaction, sequentially. Writes
 * {@code tests/target/benchmarks/fabric-anchoring.txt}. Runs only in the {@code benchmarks} profile:
 *
 * <pre>mvn -B -pl tests -am verify -Pbenchmarks -Dtest=FabricAnchorLatencyBenchmark
 *     -Dsurefire.failIfNoSpecifiedTests=false -Danchors=200</pre>
 */
class FabricAnchorLatencyBenchmark {

  private static final Pattern SCRIPT_TIMING =
      Pattern.compile("fabric: (channel \\S+ joined after|chaincode deployed and answering in|network up in) ([0-9.]+ s)");

  @Test
  void anchorLatency_signedToCommitted() throws Exception {
    int count = Integer.getInteger("anchors", 200);
    int warmup = 10;
    Path home = FabricTestNetwork.root().resolve("tests/target/fabric-benchmark");
    List<String> report = new ArrayList<>();
    report.add("# Fabric anchoring benchmark, " + Instant.now() + ", "
        + Runtime.getRuntime().availableProcessors() + " cores");
    try (FabricTestNetwork fabric = FabricTestNetwork.start(home)) {
      assertTrue(fabric.startedHere(), "the benchmark measures a fresh network in " + home);
      report.add("fabric.sh build (cached in .tools/ unless first run): " + millis(fabric.buildTime()) + " ms");
      report.add("fabric.sh up, nothing to chaincode answering (wall clock): " + millis(fabric.upTime()) + " ms");
      Matcher m = SCRIPT_TIMING.matcher(fabric.upOutput());
      while (m.find()) {
        report.add("  script: " + m.group(1) + " " + m.group(2));
      }
      try (FabricAnchorClient client = FabricAnchorClient.connect(fabric.network(), Duration.ofSeconds(30))) {
        String log = FabricAnchoringTest.newLogId();
        NoteSigner signer = FabricAnchoringTest.newSigner(log);
        client.registerLog(log, signer.verifierKey());
        List<Long> nanos = new ArrayList<>();
        long lastBlock = -1;
        for (int i = 1; i <= warmup + count; i++) {
          long start = System.nanoTime();
          String note = signer.sign(new Checkpoint(log, i, FabricAnchoringTest.root(i)).text());
          AnchorReceipt receipt = client.anchor(log, note);
          long took = System.nanoTime() - start;
          assertEquals(i, receipt.anchor().treeSize());
          lastBlock = receipt.blockNumber();
          if (i > warmup) {
            nanos.add(took);
          }
        }
        Collections.sort(nanos);
        report.add("anchors measured: " + count + " (after " + warmup + " warm-up), sequential, one client");
        report.add("anchor latency signed -> committed: p50 " + ms(percentile(nanos, 50))
            + " ms, p99 " + ms(percentile(nanos, 99)) + " ms, max " + ms(nanos.get(nanos.size() - 1))
            + " ms, mean " + ms((long) nanos.stream().mapToLong(Long::longValue).average().orElseThrow()) + " ms");
        report.add("last block: " + lastBlock + "; orderer BatchTimeout 100ms (FABRIC_BATCH_TIMEOUT)");
        List<Long> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          long start = System.nanoTime();
          client.getAnchor(log);
          reads.add(System.nanoTime() - start);
        }
        Collections.sort(reads);
        report.add("GetAnchor (evaluate) latency: p50 " + ms(percentile(reads, 50)) + " ms, p99 "
            + ms(percentile(reads, 99)) + " ms over 100");
      }
    }
    Path out = FabricTestNetwork.root().resolve("tests/target/benchmarks/fabric-anchoring.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    report.forEach(System.out::println);
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }
}
