package io.twinguard.consent;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.consent.receipt.ReceiptKey;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An audit log and a consent service on a real database, for tests. */
public final class TestConsents implements AutoCloseable {

  public static final ReceiptKey RECEIPT_KEY = ReceiptKey.of(Keys.generate(KeyAlgorithm.ED25519).getPrivate());

  public final Vertx vertx;
  public final AuditLog log;
  public final ConsentService service;

  private TestConsents(Vertx vertx, AuditLog log, ConsentService service) {
    this.vertx = vertx;
    this.log = log;
    this.service = service;
  }

  /** A log in {@code dir} on the database at {@code dbUri}, and a service on it. */
  public static TestConsents open(String dbUri, Path dir, Optional<ConsentService.Propagation> propagation) {
    Vertx vertx = Vertx.vertx();
    LogConfig config = LogConfig.embeddedIn(dir);
    LogConfig onDb = new LogConfig(Optional.of(dbUri), dir, config.origin(), dir.resolve("log-key.pem"),
        config.maxBatch(), config.maxAge());
    AuditLog log = await(AuditLog.open(vertx, onDb));
    ConsentService service = await(ConsentService.open(vertx, log,
        ConsentConfig.defaults(RECEIPT_KEY, "spiffe://city.example/broker", "https://127.0.0.1:8443/consent/")
            .withNotices(3, Duration.ofMillis(5), Duration.ofSeconds(2)),
        propagation));
    return new TestConsents(vertx, log, service);
  }

  /** Alice's explicit consent to city-buildings for booking with her mental-health data. */
  public static ConsentTerms booking(String subject) {
    return new ConsentTerms(subject, "city-buildings", "city-buildings", null, List.of("dpv:ServiceProvision"),
        List.of("pd:MentalHealth"), List.of("dpv:Use"), LegalBasis.EXPLICIT_CONSENT, null);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e, e);
    }
  }

  @Override
  public void close() {
    await(service.close());
    await(log.close());
    await(vertx.close());
  }
}
