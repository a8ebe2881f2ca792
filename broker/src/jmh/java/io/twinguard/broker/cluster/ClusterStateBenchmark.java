package io.twinguard.broker.cluster;

import io.twinguard.adapters.Adapters;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.replay.Nonces;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.common.settings.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the cluster costs, on three Hazelcast members in one JVM on loopback (ports 19741-19743),
 * against the standalone broker measured in the same run: how a call reads the mode (a local copy,
 * as {@link ClusterEcosystem} keeps it, or the cluster map read per call, the alternative), what a
 * change costs when every member acknowledges it, and a nonce check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClusterStateBenchmark {

  private final Clock clock = Clock.systemUTC();
  private final List<Clustering.Member> members = new java.util.ArrayList<>();
  private EcosystemState local;
  private EcosystemState clustered;
  private AsyncMap<String, String> map;
  private Nonces localNonces;
  private Nonces clusterNonces;

  @Setup(Level.Trial)
  public void start() throws Exception {
    List<String> addresses = List.of("127.0.0.1:19741", "127.0.0.1:19742", "127.0.0.1:19743");
    for (int i = 0; i < 3; i++) {
      members.add(await(Clustering.join(
          new ClusterSettings(true, "bench", "127.0.0.1", 19741 + i, addresses, 5000))));
    }
    EcosystemState.Snapshot initial = new EcosystemState.Snapshot(Calls.catalog(), PolicyInputs.Mode.NORMAL);
    local = EcosystemState.local(initial);
    List<EcosystemState> states = new java.util.ArrayList<>();
    for (Clustering.Member member : members) {
      states.add(await(ClusterEcosystem.join(member.vertx(), member.manager(), ClusterEcosystem.NAME, initial,
          new TwinAdapters(member.vertx(), new Adapters(List.of())), Duration.ofSeconds(5))));
    }
    clustered = states.get(0);
    map = await(members.get(0).vertx().sharedData().<String, String>getAsyncMap(ClusterEcosystem.NAME));
    ClusterSharing sharing = new ClusterSharing(members.get(0).vertx(), members.get(0).manager(),
        new ClusterSettings(true, "bench", "127.0.0.1", 19741, addresses, 5000), clock);
    localNonces = Nonces.local(new ReplayGuard(clock, Duration.ofSeconds(60), 10_000_000));
    clusterNonces = sharing.nonces(new ReplayGuard(clock, Duration.ofSeconds(60), 10_000_000));
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    for (Clustering.Member member : members) {
      await(member.vertx().close());
    }
  }

  /** Baseline: a call reads the mode from this broker's copy. */
  @Benchmark
  public PolicyInputs.Mode readMode_localCopy() {
    return clustered.current().mode();
  }

  /** The alternative: a call reads the state from the cluster map. */
  @Benchmark
  public String readMode_clusterMapPerCall() throws Exception {
    return await(map.get("state"));
  }

  /** Baseline: a standalone broker's change (the audit record left out: the same in both). */
  @Benchmark
  public Long change_standalone() throws Exception {
    return await(local.change(s -> Future.succeededFuture(s.with(s.mode())), () -> Future.succeededFuture(1L)));
  }

  /** A change under the cluster lock, written to the map and acknowledged by the two other members. */
  @Benchmark
  public Long change_clusterAcknowledgedByEveryMember() throws Exception {
    return await(clustered.change(s -> Future.succeededFuture(s.with(s.mode())), () -> Future.succeededFuture(1L)));
  }

  /** Baseline: a standalone broker's nonce check. */
  @Benchmark
  public ReplayGuard.Verdict nonce_standalone() throws Exception {
    return await(localNonces.check("spiffe://bench/twin/a", UUID.randomUUID().toString(), clock.instant()));
  }

  /** A nonce checked here and put into the cluster map. */
  @Benchmark
  public ReplayGuard.Verdict nonce_cluster() throws Exception {
    return await(clusterNonces.check("spiffe://bench/twin/a", UUID.randomUUID().toString(), clock.instant()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
