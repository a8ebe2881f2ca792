package io.twinguard.examples.report;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.InclusionProof;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryPage;
import io.twinguard.audit.query.QueryService;
import io.twinguard.examples.usecases.Runner;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The report of a run, drawn from the audit log, not from the scenarios' memory: each use case's
 * records are queried by the time it played, each with its inclusion proof against one signed
 * checkpoint that covers the whole run; the checkpoint's signature and every proof are checked
 * here (and again in the reader's browser, see {@link ReportWriter}).
 *
 * @param checkpoint the signed checkpoint every proof leads to
 * @param logKey the log's verifier key (C2SP note key)
 * @param signatureHolds whether the checkpoint is signed by that key
 * @param useCases each use case's part, in the order played
 */
public record AuditReport(SignedCheckpoint checkpoint, String logKey, boolean signatureHolds,
    List<UseCaseReport> useCases) {

  private static final long POLL_MS = 25;
  private static final long WAIT_MS = 30_000;

  public AuditReport {
    useCases = List.copyOf(useCases);
  }

  /** Whether every use case held, the checkpoint is signed and every proof holds. */
  public boolean verified() {
    return signatureHolds && useCases.stream().allMatch(u -> u.evidence().stream().allMatch(Evidence::proofHolds));
  }

  /**
   * Collects the report once a signed checkpoint covers {@code leaves} records; blocks the calling
   * thread (never an event loop).
   *
   * @throws Exception when the log cannot be read or no checkpoint covers the run in time
   */
  public static AuditReport collect(Vertx vertx, AuditLog log, long leaves, List<Runner.Played> played)
      throws Exception {
    SignedCheckpoint checkpoint = await(covering(vertx, log, leaves, WAIT_MS / POLL_MS));
    boolean signed;
    try {
      NoteVerifier.open(checkpoint.note(), List.of(log.verifierKey()));
      signed = true;
    } catch (NoteVerificationException e) {
      signed = false;
    }
    QueryService query = new QueryService(log);
    List<UseCaseReport> parts = new ArrayList<>();
    for (Runner.Played p : played) {
      List<Evidence> evidence = new ArrayList<>();
      for (ProvedRecord r : await(records(query, p))) {
        InclusionProof proof = await(log.inclusionProof(r.index(), checkpoint));
        evidence.add(new Evidence(r.index(), r.record(),
            proof.toJson().put("log_key", log.verifierKey().encode()), holds(proof, checkpoint)));
      }
      parts.add(new UseCaseReport(p.id(), p.title(), p.failure(), evidence));
    }
    return new AuditReport(checkpoint, log.verifierKey().encode(), signed, parts);
  }

  private static boolean holds(InclusionProof proof, SignedCheckpoint checkpoint) {
    try {
      ProofVerifier.verifyInclusion(proof.index(), checkpoint.size(), Rfc9162.leafHash(proof.leaf()), proof.path(),
          checkpoint.checkpoint().rootHash());
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  /** Every record of the use case's time, page by page. */
  private static Future<List<ProvedRecord>> records(QueryService query, Runner.Played played) {
    List<ProvedRecord> all = new ArrayList<>();
    return page(query, played, Optional.empty(), all).map(done -> all);
  }

  private static Future<Void> page(QueryService query, Runner.Played played, Optional<Long> after,
      List<ProvedRecord> into) {
    AuditQuery q = AuditQuery.all().withTimeRange(played.from(), played.to()).withPage(after, AuditQuery.MAX_LIMIT);
    return query.query(q).compose((QueryPage page) -> {
      into.addAll(page.records());
      return page.next().isPresent() ? page(query, played, page.next(), into) : Future.succeededFuture();
    });
  }

  private static Future<SignedCheckpoint> covering(Vertx vertx, AuditLog log, long leaves, long attempts) {
    return log.latestCheckpoint().compose(latest -> {
      if (latest.isPresent() && latest.get().size() >= leaves) {
        return Future.succeededFuture(latest.get());
      }
      if (attempts <= 0) {
        return Future.failedFuture("no signed checkpoint covered the run's " + leaves + " records in " + WAIT_MS + " ms");
      }
      Promise<SignedCheckpoint> next = Promise.promise();
      vertx.setTimer(POLL_MS, id -> covering(vertx, log, leaves, attempts - 1).onComplete(next));
      return next.future();
    });
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
