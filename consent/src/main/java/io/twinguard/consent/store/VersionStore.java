package io.twinguard.consent.store;

import io.twinguard.consent.Consent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The table {@code consent.consent_version}: every version of every record, insert-only. */
public final class VersionStore {

  static final String INSERT = """
      INSERT INTO consent.consent_version (id, version, subject, status, record, audit_index, receipt)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  static final String HISTORY = """
      SELECT record, audit_index, receipt FROM consent.consent_version
      WHERE id = $1 AND subject = $2 ORDER BY version""";

  static final String ONE = """
      SELECT record, audit_index, receipt FROM consent.consent_version
      WHERE id = $1 AND version = $2 AND subject = $3""";

  static final String OF_SUBJECT = """
      SELECT record, audit_index, receipt FROM consent.consent_version
      WHERE subject = $1 ORDER BY id, version""";

  /**
   * A stored version with the audit leaf of its change and its receipt.
   *
   * @param consent the version
   * @param auditIndex the leaf index of the change's audit record
   * @param receipt the JWS receipt
   */
  public record Stored(Consent consent, long auditIndex, String receipt) {}

  /** Inserts a version; fails when that version of the record exists already. */
  public Future<Void> insert(SqlClient client, Consent consent, long auditIndex, String receipt) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(consent.id(), consent.version(), consent.subject(), consent.status().wireName(),
            consent.toJson(), auditIndex, receipt))
        .mapEmpty();
  }

  /** Every version of a record of the subject, oldest first; empty for another subject's record. */
  public Future<List<Stored>> history(SqlClient client, String consentId, String subject) {
    return client.preparedQuery(HISTORY).execute(Tuple.of(consentId, subject)).map(VersionStore::read);
  }

  /** One version of a record of the subject. */
  public Future<Optional<Stored>> version(SqlClient client, String consentId, int version, String subject) {
    return client.preparedQuery(ONE).execute(Tuple.of(consentId, version, subject))
        .map(rows -> read(rows).stream().findFirst());
  }

  /** Every version of every record of the subject, by record id then version. */
  public Future<List<Stored>> ofSubject(SqlClient client, String subject) {
    return client.preparedQuery(OF_SUBJECT).execute(Tuple.of(subject)).map(VersionStore::read);
  }

  private static List<Stored> read(Iterable<Row> rows) {
    List<Stored> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(new Stored(Consent.fromJson(row.getJsonObject("record")), row.getLong("audit_index"),
          row.getString("receipt")));
    }
    return out;
  }
}
