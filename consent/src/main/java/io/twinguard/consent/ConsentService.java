package io.twinguard.consent;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.consent.enforce.ChangeFeed;
import io.twinguard.consent.enforce.ConsentLookup;
import io.twinguard.consent.internal.ChangeWriter;
import io.twinguard.consent.internal.ChangeWriter.Step;
import io.twinguard.consent.internal.RequestKeys;
import io.twinguard.consent.propagate.NotificationEndpoints;
import io.twinguard.consent.propagate.NoticeSigning;
import io.twinguard.consent.propagate.WithdrawalPropagator;
import io.twinguard.consent.receipt.Receipts;
import io.twinguard.consent.store.ConsentDatabase;
import io.twinguard.consent.store.HeadStore;
import io.twinguard.consent.store.NoticeStore;
import io.twinguard.consent.store.RequestStore;
import io.twinguard.consent.store.VersionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consent service: records and their lifecycle, requests made from denials, receipts, the
 * broker's lookup, change events across processes, and withdrawal propagation. One per broker
 * process; every process on the same database sees every change (see {@link ChangeFeed}).
 *
 * <p>Subject-facing methods take the acting subject and answer {@link ChangeOutcome.NotFound} for
 * a record of another subject, so that one subject can neither see nor change another's records.
 * Futures fail only when the database or the audit log fails; a refused change is an outcome.
 */
public final class ConsentService {

  private static final Logger LOG = Logger.getLogger(ConsentService.class.getName());
  /** How many request keys this process remembers as asked, so a flood of denials costs no writes. */
  private static final int ASKED_MEMORY = 10_000;

  private final Pool pool;
  private final ConsentConfig config;
  private final ChangeFeed feed;
  private final ConsentLookup lookup;
  private final ChangeWriter writer;
  private final Optional<WithdrawalPropagator> propagator;
  private final HeadStore heads = new HeadStore();
  private final VersionStore versions = new VersionStore();
  private final RequestStore requests = new RequestStore();
  private final NoticeStore notices = new NoticeStore();
  private final Map<String, String> asked = new ConcurrentHashMap<>();

  private ConsentService(Pool pool, ConsentConfig config, ChangeFeed feed, ConsentLookup lookup,
      ChangeWriter writer, Optional<WithdrawalPropagator> propagator) {
    this.pool = pool;
    this.config = config;
    this.feed = feed;
    this.lookup = lookup;
    this.writer = writer;
    this.propagator = propagator;
  }

  /**
   * Opens the service on the audit log's database: migrates the {@code consent} schema, connects
   * the change feed and starts beating.
   *
   * @param propagation where withdrawal notices go; empty: no notices are sent
   */
  public static Future<ConsentService> open(Vertx vertx, AuditLog log, ConsentConfig config,
      Optional<Propagation> propagation) {
    PgConnectOptions options = log.connectOptions();
    return vertx.executeBlocking(() -> {
      ConsentDatabase.migrate(options);
      return null;
    }).compose(v -> {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
      ConsentLookup lookup = new ConsentLookup(pool, config.cacheEntries());
      ChangeFeed feed = new ChangeFeed(vertx, pool, options, config.ackTtl(), lookup::dropAll);
      feed.onChange(change -> lookup.drop(change.subject()));
      lookup.trustWhile(feed::trusted);
      ChangeWriter writer = new ChangeWriter(log, pool, new Receipts(config.receiptKey(), config.issuer()), feed,
          lookup, config.clock());
      Optional<WithdrawalPropagator> propagator = propagation.map(p -> new WithdrawalPropagator(vertx, log, pool,
          p.endpoints(), p.signing(), config.noticeAttempts(), config.noticeBackoff(), config.noticeTimeout(),
          config.clock()));
      ConsentService service = new ConsentService(pool, config, feed, lookup, writer, propagator);
      return feed.start().map(service).recover(e -> pool.close().transform(ignored -> Future.failedFuture(e)));
    });
  }

  /**
   * Where withdrawal notices go and how they are signed.
   *
   * @param endpoints each twin's notification endpoint (from the registry)
   * @param signing the broker's signer and client
   */
  public record Propagation(NotificationEndpoints endpoints, NoticeSigning signing) {}

  /** The broker's lookup: pass {@code service.lookup()::consentsOf} as its consent source. */
  public ConsentLookup lookup() {
    return lookup;
  }

  /**
   * Tells {@code listener} of every consent change of any process on this database, after this
   * process's cache dropped the subject (for event subscriptions to filter from the next event).
   */
  public void onChange(Consumer<ConsentChange> listener) {
    feed.onChange(listener);
  }

  /** The receipts' public key as a JWK set. */
  public JsonObject receiptKeys() {
    return new JsonObject(config.receiptKey().publicJwks().toJSONObject());
  }

  /** Records a consent the subject gave directly (seeding, or a grant without a request). */
  public Future<ChangeOutcome> give(ConsentTerms terms, String actor) {
    String id = "consent-" + UUID.randomUUID();
    return writer.write(id, conn -> Future.succeededFuture(true), current -> new Step.Write(
        terms.firstVersion(id, ConsentStatus.GIVEN, actor, config.withdrawalMethod(), config.clock().instant())));
  }

  /**
   * Turns a {@code request_consent} obligation of a denial into a pending request for the subject:
   * one per (subject, recipient organisation, purpose, categories, explicit), however often asked.
   * A key this process has asked before is answered from memory, without a write.
   *
   * @param requester the SPIFFE ID of the twin whose call was denied
   * @throws IllegalArgumentException (in the future) when the obligation is malformed
   */
  public Future<ConsentRequest> request(JsonObject obligation, String requester) {
    ConsentTerms terms;
    String key;
    try {
      terms = RequestKeys.terms(obligation);
      key = RequestKeys.key(terms);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String known = asked.get(key);
    if (known != null) {
      // the key names one record for good: asking again changes nothing but a counter
      return Future.succeededFuture(new ConsentRequest(known, false));
    }
    String fresh = "consent-" + UUID.randomUUID();
    Instant now = config.clock().instant();
    String[] record = new String[1];
    boolean[] created = new boolean[1];
    return writer.write(fresh,
        conn -> requests.ask(conn, key, fresh, terms.subject(), requester, now).map(a -> {
          record[0] = a.consentId();
          created[0] = a.created();
          return a.created();
        }),
        current -> new Step.Write(terms.firstVersion(fresh, ConsentStatus.REQUESTED, requester,
            config.withdrawalMethod(), now)))
        .map(outcome -> {
          if (asked.size() >= ASKED_MEMORY) {
            asked.clear();
          }
          asked.put(key, record[0]);
          return new ConsentRequest(record[0], created[0]);
        });
  }

  /** The subject grants a record (a request, or a record refused, withdrawn or expired before). */
  public Future<ChangeOutcome> grant(String subject, String consentId, Instant expiresAt) {
    return change(subject, consentId, ConsentStatus.GIVEN, subject, expiresAt);
  }

  /** The subject refuses a request. */
  public Future<ChangeOutcome> refuse(String subject, String consentId) {
    return change(subject, consentId, ConsentStatus.REFUSED, subject, null);
  }

  /**
   * The subject withdraws a consent. Completes once no broker process serves it from its cache;
   * notices to the twins that received data under it go out afterwards (see {@link #notices}).
   */
  public Future<ChangeOutcome> withdraw(String subject, String consentId) {
    return change(subject, consentId, ConsentStatus.WITHDRAWN, subject, null).onSuccess(this::propagate);
  }

  /** Another party ends or changes a record: revoked, expired, invalidated or renewed. */
  public Future<ChangeOutcome> changeBy(String actor, String consentId, ConsentStatus to, Instant expiresAt) {
    return change(null, consentId, to, actor, expiresAt).onSuccess(this::propagate);
  }

  /** The subject's records in force, by id. */
  public Future<List<Consent>> consentsOf(String subject) {
    return heads.ofSubject(pool, subject);
  }

  /** Every version of one of the subject's records, oldest first; empty for another's record. */
  public Future<List<VersionStore.Stored>> history(String subject, String consentId) {
    return versions.history(pool, consentId, subject);
  }

  /** Every version of every record of the subject. */
  public Future<List<VersionStore.Stored>> allVersions(String subject) {
    return versions.ofSubject(pool, subject);
  }

  /** The notices about one of the subject's records; empty for another's record. */
  public Future<List<NoticeStore.Notice>> notices(String subject, String consentId) {
    return versions.history(pool, consentId, subject)
        .compose(h -> h.isEmpty() ? Future.succeededFuture(List.of()) : notices.ofConsent(pool, consentId));
  }

  /** Stops the change feed and closes the pool. */
  public Future<Void> close() {
    return feed.close().transform(ar -> pool.close());
  }

  private Future<ChangeOutcome> change(String subject, String consentId, ConsentStatus to, String actor,
      Instant expiresAt) {
    return writer.write(consentId, conn -> Future.succeededFuture(true), current -> {
      if (current.isEmpty() || subject != null && !current.get().subject().equals(subject)) {
        return new Step.Answer(new ChangeOutcome.NotFound(consentId));
      }
      return Lifecycle.next(current.get(), to, actor, config.clock().instant(), expiresAt)
          .<Step>map(Step.Write::new)
          .orElseGet(() -> new Step.Answer(
              new ChangeOutcome.NotAllowed(consentId, Lifecycle.whyNot(current.get().status(), to))));
    });
  }

  private void propagate(ChangeOutcome outcome) {
    if (outcome instanceof ChangeOutcome.Changed changed && propagator.isPresent()
        && (changed.consent().status() == ConsentStatus.WITHDRAWN
            || changed.consent().status() == ConsentStatus.REVOKED)) {
      propagator.get().propagate(changed.consent())
          .onFailure(e -> LOG.log(Level.WARNING, "withdrawal propagation of " + changed.consent().id()
              + " failed: " + e.getMessage()));
    }
  }
}
