package io.twinguard.broker.bench;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.consent.ServiceConsents;
import io.twinguard.consent.ConsentConfig;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.ConsentTerms;
import io.twinguard.consent.LegalBasis;
import io.twinguard.consent.receipt.ReceiptKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The consent lookup of one call, three ways, over the same {@code population} consent records
 * (one per subject, given to one organisation):
 *
 * <ul>
 *   <li>{@code fixture}: the baseline, {@link FixtureConsents} (in memory, what the broker read
 *       before the consent module);
 *   <li>{@code serviceCached}: {@link ServiceConsents}, the consent service's lookup as {@code
 *       twinguard serve} wires it, its cache warm (the steady state: a change drops only the
 *       changed subject's entries);
 *   <li>{@code serviceUncached}: the same with the call's subjects dropped from the cache first,
 *       so every lookup reads PostgreSQL (the embedded one of the audit log) — the first call after
 *       a change, or every call while the change feed is not trusted.
 * </ul>
 *
 * A call names {@code subjects} data subjects. Sample time; compare medians. Run: see
 * broker/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConsentLookupBenchmark {

  private static final String ORG = "city-buildings";

  @Param({"1", "20"})
  public int subjects;

  @Param({"1000"})
  public int population;

  private Vertx vertx;
  private AuditLog log;
  private ConsentService service;
  private ServiceConsents serviceConsents;
  private FixtureConsents fixture;
  private List<String> named;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("consent-lookup-benchmark");
    log = await(AuditLog.open(vertx, LogConfig.embeddedIn(dir)));
    KeyPairGenerator ed25519 = KeyPairGenerator.getInstance("Ed25519");
    service = await(ConsentService.open(vertx, log,
        new ConsentConfig(ReceiptKey.of(ed25519.generateKeyPair().getPrivate()), "spiffe://city.example/broker",
            "https://127.0.0.1/consent/consents", population * 2, Duration.ofSeconds(2), 1, Duration.ZERO,
            Duration.ofSeconds(1), Clock.systemUTC()),
        Optional.empty()));
    serviceConsents = new ServiceConsents(service);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < population; i += 50) {
      List<Future<?>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(population, i + 50); j++) {
        String subject = "citizen-" + String.format("%032x", j);
        all.add(subject);
        batch.add(service.give(terms(subject), subject));
      }
      await(Future.all(batch));
    }
    JsonArray views = new JsonArray();
    await(service.lookup().consentsOf(all, ORG)).forEach(views::add);
    if (views.size() != population) {
      throw new IllegalStateException("expected " + population + " consents, read " + views.size());
    }
    fixture = FixtureConsents.parseYaml(new JsonObject().put("consents", views).encode());
    named = new ArrayList<>();
    for (int i = 0; i < subjects; i++) {
      named.add(all.get((i * 37) % population));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    await(service.close());
    await(log.close());
    await(vertx.close());
  }

  @Benchmark
  public List<JsonObject> fixture() throws Exception {
    return await(fixture.consentsOf(named, ORG));
  }

  @Benchmark
  public List<JsonObject> serviceCached() throws Exception {
    return await(serviceConsents.consentsOf(named, ORG));
  }

  @Benchmark
  public List<JsonObject> serviceUncached() throws Exception {
    named.forEach(service.lookup()::drop);
    return await(serviceConsents.consentsOf(named, ORG));
  }

  private static ConsentTerms terms(String subject) {
    return new ConsentTerms(subject, ORG, ORG, null, List.of("dpv:ServiceProvision"), List.of("pd:MentalHealth"),
        List.of("dpv:Use"), LegalBasis.EXPLICIT_CONSENT, null);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
