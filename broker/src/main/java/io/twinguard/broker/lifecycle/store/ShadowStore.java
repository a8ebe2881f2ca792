package io.twinguard.broker.lifecycle.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The table {@code policy.shadow_disagreement}: live decisions a shadow revision would have made differently. */
public final class ShadowStore {

  static final String INSERT = """
      INSERT INTO policy.shadow_disagreement
        (decision_id, at, active_revision, shadow_revision, change, policy, code, active, shadow)
      SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::text[])""";

  static final String SELECT_PAGE = """
      SELECT id, decision_id, at, active_revision, shadow_revision, change, policy, code, active, shadow
      FROM policy.shadow_disagreement
      WHERE at >= $1 AND at < $2 AND id > $3 ORDER BY id LIMIT $4""";

  /**
   * One disagreement.
   *
   * @param decisionId the live call's decision id
   * @param at when the call was received
   * @param activeRevision the revision that decided it
   * @param shadowRevision the revision that would have decided otherwise
   * @param change {@code allow_to_deny}, {@code deny_to_allow}, {@code reasons_changed} or {@code obligations_changed}
   * @param policy the policy of the first reason that differs (or the obligation type's policy)
   * @param code that reason's code, or the obligation's type
   * @param active the active decision document
   * @param shadow the shadow's decision document
   */
  public record Disagreement(String decisionId, Instant at, String activeRevision, String shadowRevision,
      String change, String policy, String code, JsonObject active, JsonObject shadow) {
    public Disagreement {
      Objects.requireNonNull(decisionId, "decisionId");
      Objects.requireNonNull(at, "at");
      active = active.copy();
      shadow = shadow.copy();
    }

    @Override
    public JsonObject active() {
      return active.copy();
    }

    @Override
    public JsonObject shadow() {
      return shadow.copy();
    }

    public JsonObject toJson() {
      return new JsonObject().put("decision_id", decisionId).put("time", at.toString())
          .put("active_revision", activeRevision).put("shadow_revision", shadowRevision).put("change", change)
          .put("policy", policy).put("code", code).put("active", active.copy()).put("shadow", shadow.copy());
    }
  }

  /** A page of disagreements and where the next one starts. */
  public record Page(List<Disagreement> disagreements, Optional<Long> next) {
    public Page {
      disagreements = List.copyOf(disagreements);
    }
  }

  /** Stores a batch of disagreements in one statement. */
  public Future<Void> insert(SqlClient client, List<Disagreement> batch) {
    int n = batch.size();
    String[] ids = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    String[] active = new String[n];
    String[] shadow = new String[n];
    String[] changes = new String[n];
    String[] policies = new String[n];
    String[] codes = new String[n];
    String[] activeJson = new String[n];
    String[] shadowJson = new String[n];
    for (int i = 0; i < n; i++) {
      Disagreement d = batch.get(i);
      ids[i] = d.decisionId();
      ats[i] = RevisionStore.utc(d.at());
      active[i] = d.activeRevision();
      shadow[i] = d.shadowRevision();
      changes[i] = d.change();
      policies[i] = d.policy();
      codes[i] = d.code();
      activeJson[i] = d.active.encode();
      shadowJson[i] = d.shadow.encode();
    }
    Tuple params = Tuple.tuple().addArrayOfString(ids).addArrayOfOffsetDateTime(ats).addArrayOfString(active)
        .addArrayOfString(shadow).addArrayOfString(changes).addArrayOfString(policies).addArrayOfString(codes)
        .addArrayOfString(activeJson).addArrayOfString(shadowJson);
    return client.preparedQuery(INSERT).execute(params).mapEmpty();
  }

  /** Up to {@code limit} disagreements received in [from, to), after {@code after}, oldest first. */
  public Future<Page> page(SqlClient client, Instant from, Instant to, long after, int limit) {
    return client.preparedQuery(SELECT_PAGE)
        .execute(Tuple.of(RevisionStore.utc(from), RevisionStore.utc(to), after, limit + 1))
        .map(rows -> {
          List<Disagreement> found = new ArrayList<>();
          List<Long> ids = new ArrayList<>();
          rows.forEach(row -> {
            ids.add(row.getLong("id"));
            found.add(new Disagreement(row.getString("decision_id"), row.getOffsetDateTime("at").toInstant(),
                row.getString("active_revision"), row.getString("shadow_revision"), row.getString("change"),
                row.getString("policy"), row.getString("code"), new JsonObject(row.getString("active")),
                new JsonObject(row.getString("shadow"))));
          });
          boolean more = found.size() > limit;
          return more
              ? new Page(found.subList(0, limit), Optional.of(ids.get(limit - 1)))
              : new Page(found, Optional.empty());
        });
  }
}
