package io.twinguard.consent.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The table {@code consent.consent_notice}: the withdrawal notices and their outcome. */
public final class NoticeStore {

  static final String OPEN = """
      INSERT INTO consent.consent_notice (consent_id, version, twin, state) VALUES ($1, $2, $3, 'pending')
      ON CONFLICT DO NOTHING""";

  static final String FINISH = """
      UPDATE consent.consent_notice SET state = $4, attempts = $5, detail = $6, audit_index = $7, updated_at = now()
      WHERE consent_id = $1 AND version = $2 AND twin = $3""";

  static final String OF_CONSENT = """
      SELECT version, twin, state, attempts, detail, audit_index FROM consent.consent_notice
      WHERE consent_id = $1 ORDER BY version, twin""";

  /**
   * One notice.
   *
   * @param version the withdrawn version it announces
   * @param twin the SPIFFE ID of the twin notified
   * @param state pending, confirmed or unconfirmed
   * @param attempts how many times it was sent
   * @param detail why it is unconfirmed (no endpoint, the last status or error); null otherwise
   * @param auditIndex the leaf recording the outcome; null while pending
   */
  public record Notice(int version, String twin, String state, int attempts, String detail, Long auditIndex) {}

  /** Opens a pending notice; nothing when it exists already. */
  public Future<Void> open(SqlClient client, String consentId, int version, String twin) {
    return client.preparedQuery(OPEN).execute(Tuple.of(consentId, version, twin)).mapEmpty();
  }

  /** Records a notice's outcome. */
  public Future<Void> finish(SqlClient client, String consentId, int version, String twin, boolean confirmed,
      int attempts, String detail, long auditIndex) {
    return client.preparedQuery(FINISH)
        .execute(Tuple.of(consentId, version, twin, confirmed ? "confirmed" : "unconfirmed", attempts, detail, auditIndex))
        .mapEmpty();
  }

  /** Every notice about a record, by version and twin. */
  public Future<List<Notice>> ofConsent(SqlClient client, String consentId) {
    return client.preparedQuery(OF_CONSENT).execute(Tuple.of(consentId)).map(rows -> {
      List<Notice> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(new Notice(row.getInteger("version"), row.getString("twin"), row.getString("state"),
            row.getInteger("attempts"), row.getString("detail"), row.getLong("audit_index")));
      }
      return out;
    });
  }
}
