package io.twinguard.consent.store;

import io.twinguard.consent.Consent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The table {@code consent.consent_head}: the version in force of each record. */
public final class HeadStore {

  static final String LOCK = "SELECT record FROM consent.consent_head WHERE id = $1 FOR UPDATE";

  static final String UPSERT = """
      INSERT INTO consent.consent_head (id, version, subject, recipient_org, record, policy_view)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record,
        policy_view = EXCLUDED.policy_view
      WHERE consent_head.version = EXCLUDED.version - 1""";

  static final String POLICY_VIEWS = """
      SELECT subject, policy_view FROM consent.consent_head
      WHERE subject = ANY($1) AND recipient_org = $2""";

  static final String OF_SUBJECT = "SELECT record FROM consent.consent_head WHERE subject = $1 ORDER BY id";

  /**
   * The record in force, its row locked until the transaction of {@code client} ends; empty when
   * there is none.
   */
  public Future<Optional<Consent>> lock(SqlClient client, String consentId) {
    return client.preparedQuery(LOCK).execute(Tuple.of(consentId))
        .map(rows -> rows.size() == 0
            ? Optional.empty()
            : Optional.of(Consent.fromJson(rows.iterator().next().getJsonObject("record"))));
  }

  /**
   * Puts a version in force: inserts the first version, or replaces exactly the version before it.
   *
   * @throws IllegalStateException (in the future) when the head was not the version before
   */
  public Future<Void> put(SqlClient client, Consent consent) {
    return client.preparedQuery(UPSERT)
        .execute(Tuple.of(consent.id(), consent.version(), consent.subject(), consent.recipientOrg(),
            consent.toJson(), consent.policyView()))
        .compose(rows -> rows.rowCount() == 1
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("consent " + consent.id() + " changed concurrently")));
  }

  /** The policy views of the subjects' records given to {@code recipientOrg}, with their subject. */
  public Future<List<SubjectView>> policyViews(SqlClient client, List<String> subjects, String recipientOrg) {
    return client.preparedQuery(POLICY_VIEWS)
        .execute(Tuple.of(subjects.toArray(new String[0]), recipientOrg))
        .map(rows -> {
          List<SubjectView> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(new SubjectView(row.getString("subject"), row.getJsonObject("policy_view")));
          }
          return out;
        });
  }

  /** Every record of the subject in force, by id. */
  public Future<List<Consent>> ofSubject(SqlClient client, String subject) {
    return client.preparedQuery(OF_SUBJECT).execute(Tuple.of(subject)).map(rows -> {
      List<Consent> out = new ArrayList<>();
      rows.forEach(row -> out.add(Consent.fromJson(row.getJsonObject("record"))));
      return out;
    });
  }

  /** A record's policy view and its subject. */
  public record SubjectView(String subject, JsonObject policyView) {}
}
