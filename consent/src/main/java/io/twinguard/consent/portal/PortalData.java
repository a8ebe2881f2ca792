package io.twinguard.consent.portal;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryService;
import io.twinguard.consent.Consent;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.ConsentStatus;
import io.twinguard.consent.portal.view.ConsentView;
import io.twinguard.consent.portal.view.HistoryView;
import io.twinguard.consent.portal.view.RequestView;
import io.twinguard.consent.store.NoticeStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the pages and the API show a citizen, read for that citizen's subject only. */
final class PortalData {

  private final ConsentService service;
  private final AuditLog log;
  private final QueryService queries;

  PortalData(ConsentService service, AuditLog log) {
    this.service = service;
    this.log = log;
    this.queries = new QueryService(log);
  }

  Future<List<RequestView>> requests(String subject) {
    return service.consentsOf(subject).map(all -> all.stream()
        .filter(c -> c.status() == ConsentStatus.REQUESTED)
        .map(c -> new RequestView(c.id(), c.recipientOrg(), String.join(", ", c.purposes()),
            String.join(", ", c.dataCategories()), c.legalBasis() == io.twinguard.consent.LegalBasis.EXPLICIT_CONSENT))
        .toList());
  }

  Future<List<ConsentView>> consents(String subject) {
    return service.consentsOf(subject).compose(all -> {
      List<Consent> answered = all.stream().filter(c -> c.status() != ConsentStatus.REQUESTED).toList();
      List<Future<ConsentView>> views = new ArrayList<>();
      answered.forEach(c -> views.add(service.notices(subject, c.id()).map(n -> view(c, propagation(c, n)))));
      return Future.all(views).map(done -> views.stream().map(Future::result).toList());
    });
  }

  /** "3 of 4 recipients confirmed" for the newest withdrawal's notices; empty when there are none. */
  static String propagation(Consent c, List<NoticeStore.Notice> notices) {
    List<NoticeStore.Notice> latest = notices.stream().filter(n -> n.version() == c.version()).toList();
    if (latest.isEmpty()) {
      return c.status() == ConsentStatus.WITHDRAWN || c.status() == ConsentStatus.REVOKED
          ? "no twin received data under this consent" : "";
    }
    long confirmed = latest.stream().filter(n -> n.state().equals("confirmed")).count();
    long pending = latest.stream().filter(n -> n.state().equals("pending")).count();
    return confirmed + " of " + latest.size() + " recipients confirmed" + (pending > 0 ? " (" + pending + " pending)" : "");
  }

  private static ConsentView view(Consent c, String propagation) {
    Instant since = c.givenAt() == null ? c.recordedAt() : c.recordedAt();
    return new ConsentView(c.id(), c.version(), c.recipientOrg(), String.join(", ", c.purposes()),
        String.join(", ", c.dataCategories()), c.status().wireName(), since.toString(),
        c.expiresAt() == null ? "no expiry" : c.expiresAt().toString(), c.status().validForProcessing(), propagation);
  }

  /** The subject's audit entries, oldest first (the first 500). */
  Future<List<HistoryView>> history(String subject) {
    return queries.query(AuditQuery.all().withSubject(subject).withPage(Optional.empty(), 500)).map(page -> {
      List<HistoryView> out = new ArrayList<>();
      for (ProvedRecord proved : page.records()) {
        JsonObject r = proved.record();
        boolean consent = "consent".equals(r.getString("kind"));
        out.add(new HistoryView(proved.index(), r.getString("time"),
            consent ? r.getString("actor") : String.valueOf(r.getString("caller")),
            consent ? "consent " + r.getString("consent_id") + " v" + r.getInteger("version")
                : String.valueOf(r.getString("purpose")),
            consent ? r.getString("event") : r.getString("decision")));
      }
      return out;
    });
  }

  /** The inclusion proof of an entry about the subject; empty when the entry is not about them. */
  Future<Optional<JsonObject>> proof(String subject, long index) {
    return log.leaf(index).compose(leaf -> {
      if (leaf.isEmpty() || !about(new JsonObject(new String(leaf.get(), StandardCharsets.UTF_8)), subject)) {
        return Future.succeededFuture(Optional.<JsonObject>empty());
      }
      return log.inclusionProof(index)
          .map(proof -> Optional.of(proof.toJson().put("log_key", log.verifierKey().encode())));
    });
  }

  String logKey() {
    return log.verifierKey().encode();
  }

  private static boolean about(JsonObject record, String subject) {
    return subject.equals(record.getString("subject"))
        || record.getJsonArray("subjects", new JsonArray()).contains(subject);
  }
}
