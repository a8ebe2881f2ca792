package io.twinguard.consent.internal;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.ConsentRecord;
import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.Consent;
import io.twinguard.consent.enforce.ChangeFeed;
import io.twinguard.consent.enforce.ConsentLookup;
import io.twinguard.consent.receipt.Receipts;
import io.twinguard.consent.store.HeadStore;
import io.twinguard.consent.store.VersionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes one consent change, all or nothing, in one transaction that holds the record's head row:
 * the audit record is appended and durable first, then the receipt is signed with the record's
 * inclusion proof, the version and head are written and the change is announced (NOTIFY, delivered
 * at commit). After the commit the local cache drops the subject and, when the change ends the
 * consent's validity, the future waits until every live broker process dropped it too.
 *
 * <p>A crash after the append and before the commit leaves an audit record of a change that did
 * not take effect; the subject got no receipt for it and may repeat it. The other order could
 * leave a change in force without its record, which the architecture forbids.
 */
public final class ChangeWriter {

  /** What {@link #write} decides from the record in force: a new version, or an outcome as is. */
  public sealed interface Step {
    /** Write this version. */
    record Write(Consent next) implements Step {}

    /** Change nothing and answer this. */
    record Answer(ChangeOutcome outcome) implements Step {}
  }

  private record Written(Consent consent, String receipt, long index, long changeId, boolean wasValid) {}

  private final AuditLog log;
  private final Pool pool;
  private final Receipts receipts;
  private final ChangeFeed feed;
  private final ConsentLookup lookup;
  private final Clock clock;
  private final HeadStore heads = new HeadStore();
  private final VersionStore versions = new VersionStore();

  public ChangeWriter(AuditLog log, Pool pool, Receipts receipts, ChangeFeed feed, ConsentLookup lookup, Clock clock) {
    this.log = log;
    this.pool = pool;
    this.receipts = receipts;
    this.feed = feed;
    this.lookup = lookup;
    this.clock = clock;
  }

  /**
   * Changes record {@code consentId} as {@code decide} says, given the version in force (empty for a
   * new record). {@code before} runs first in the same transaction (a request's bookkeeping).
   */
  public Future<ChangeOutcome> write(String consentId, Function<SqlConnection, Future<Boolean>> before,
      Function<Optional<Consent>, Step> decide) {
    return pool.<Object>withTransaction(conn -> before.apply(conn).compose(proceed -> !proceed
            ? Future.succeededFuture(new ChangeOutcome.NotFound(consentId))
            : heads.lock(conn, consentId).compose(current -> {
              Step step = decide.apply(current);
              if (step instanceof Step.Write write) {
                return record(conn, write.next(), current.map(c -> c.status().validForProcessing()).orElse(false));
              }
              return Future.succeededFuture(((Step.Answer) step).outcome());
            })))
        .compose(done -> done instanceof Written written ? settle(written) : Future.succeededFuture((ChangeOutcome) done));
  }

  private Future<Object> record(SqlConnection conn, Consent next, boolean wasValid) {
    ConsentRecord audit = new ConsentRecord(clock.instant(), next.id(), next.version(), next.subject(),
        next.recipientOrg(), ConsentRecord.Event.valueOf(next.status().name()), next.actor(), null, next.digest());
    return log.append(AuditRecord.of(audit))
        .compose(appended -> log.inclusionProof(appended.index(), appended.checkpoint())
            .map(proof -> receipts.issue(next, proof, log.verifierKey(), clock.instant()))
            .compose(receipt -> versions.insert(conn, next, appended.index(), receipt)
                .compose(v -> heads.put(conn, next))
                .compose(v -> feed.announce(conn, next.subject(), next.id(), next.status().wireName(),
                    next.status().validForProcessing()))
                .map(changeId -> new Written(next, receipt, appended.index(), changeId, wasValid))));
  }

  private Future<ChangeOutcome> settle(Written written) {
    lookup.drop(written.consent().subject());
    ChangeOutcome changed = new ChangeOutcome.Changed(written.consent(), written.receipt(), written.index());
    if (written.wasValid() && !written.consent().status().validForProcessing()) {
      return feed.awaitAcks(written.changeId()).map(acked -> changed);
    }
    return Future.succeededFuture(changed);
  }
}
