package io.twinguard.consent.propagate;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryService;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.ConsentRecord;
import io.twinguard.consent.Consent;
import io.twinguard.consent.store.NoticeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells every twin that received data about a subject under a consent that the consent was
 * withdrawn. The recipients come from the audit log: the callers of allowed decision records that
 * name the subject and list the consent among those consulted. Each notice is opened as pending,
 * sent (see {@link NoticeSender}), and its outcome recorded in the audit log (a consent record
 * with event notice_confirmed or notice_unconfirmed) and in the notice table.
 */
public final class WithdrawalPropagator {

  private static final Logger LOG = Logger.getLogger(WithdrawalPropagator.class.getName());
  private static final int PAGE = 500;

  private final AuditLog log;
  private final QueryService queries;
  private final Pool pool;
  private final NotificationEndpoints endpoints;
  private final NoticeSender sender;
  private final NoticeStore notices = new NoticeStore();
  private final Clock clock;
  private final String actor;

  /** The notices' outcomes are recorded with the signing key id (the broker's SPIFFE ID) as actor. */
  public WithdrawalPropagator(Vertx vertx, AuditLog log, Pool pool, NotificationEndpoints endpoints,
      NoticeSigning signing, int attempts, Duration backoff, Duration timeout, Clock clock) {
    this.log = log;
    this.queries = new QueryService(log);
    this.pool = pool;
    this.endpoints = endpoints;
    this.sender = new NoticeSender(vertx, signing, attempts, backoff, timeout, clock);
    this.clock = clock;
    this.actor = signing.keyId();
  }

  /** Notifies every recipient of data under the withdrawn version; completes when each is recorded. */
  public Future<List<NoticeStore.Notice>> propagate(Consent withdrawn) {
    return recipients(withdrawn, Optional.empty(), new LinkedHashSet<>())
        .compose(twins -> {
          List<Future<Void>> each = new ArrayList<>();
          twins.forEach(twin -> each.add(notify(withdrawn, twin)));
          return Future.join(each);
        })
        .compose(all -> notices.ofConsent(pool, withdrawn.id()));
  }

  private Future<Set<String>> recipients(Consent c, Optional<Long> after, Set<String> found) {
    AuditQuery query = AuditQuery.all().withSubject(c.subject()).withOutcome("allow").withPage(after, PAGE);
    return queries.query(query).compose(page -> {
      for (ProvedRecord proved : page.records()) {
        JsonObject record = proved.record();
        if (record.getJsonArray("consents", new io.vertx.core.json.JsonArray()).contains(c.id())
            && record.getString("caller") != null) {
          found.add(record.getString("caller"));
        }
      }
      return page.next().isPresent() ? recipients(c, page.next(), found) : Future.succeededFuture(found);
    });
  }

  private Future<Void> notify(Consent withdrawn, String twin) {
    return notices.open(pool, withdrawn.id(), withdrawn.version(), twin)
        .compose(v -> endpoints.endpointOf(twin))
        .compose(endpoint -> endpoint.isEmpty()
            ? Future.succeededFuture(new NoticeSender.Sent(false, 0, "the twin declares no notification endpoint"))
            : sender.send(endpoint.get(), withdrawn))
        .compose(sent -> {
          ConsentRecord record = new ConsentRecord(clock.instant(), withdrawn.id(), withdrawn.version(),
              withdrawn.subject(), withdrawn.recipientOrg(),
              sent.confirmed() ? ConsentRecord.Event.NOTICE_CONFIRMED : ConsentRecord.Event.NOTICE_UNCONFIRMED,
              actor, twin, withdrawn.digest());
          return log.append(AuditRecord.of(record))
              .compose(appended -> notices.finish(pool, withdrawn.id(), withdrawn.version(), twin,
                  sent.confirmed(), sent.attempts(), sent.detail(), appended.index()));
        })
        .onFailure(e -> LOG.log(Level.WARNING, "withdrawal notice of " + withdrawn.id() + " to " + twin
            + " could not be recorded: " + e.getMessage()));
  }
}
