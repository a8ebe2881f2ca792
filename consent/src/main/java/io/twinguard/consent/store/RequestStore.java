package io.twinguard.consent.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The table {@code consent.consent_request}: one request per key, however often it is asked. */
public final class RequestStore {

  /** Inserts, or counts one more asking; {@code created} tells which. */
  static final String ASK = """
      INSERT INTO consent.consent_request (request_key, consent_id, subject, requester, first_asked, last_asked)
      VALUES ($1, $2, $3, $4, $5, $5)
      ON CONFLICT (request_key) DO UPDATE SET asked = consent_request.asked + 1, last_asked = EXCLUDED.last_asked
      RETURNING consent_id, (xmax = 0) AS created""";

  /**
   * The outcome of asking.
   *
   * @param consentId the record of the request (the new one, or the one asked before)
   * @param created whether this asking made the request
   */
  public record Asked(String consentId, boolean created) {}

  /** Records an asking under {@code key}; the first one names {@code consentId} as its record. */
  public Future<Asked> ask(SqlClient client, String key, String consentId, String subject, String requester, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return client.preparedQuery(ASK).execute(Tuple.of(key, consentId, subject, requester, at))
        .map(rows -> {
          var row = rows.iterator().next();
          return new Asked(row.getString("consent_id"), row.getBoolean("created"));
        });
  }
}
