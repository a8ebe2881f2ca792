package io.twinguard.audit.query;

import io.twinguard.audit.log.SignedCheckpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * One page of query results, each record proved against the same checkpoint.
 *
 * @param records the records, by index
 * @param checkpoint the newest checkpoint when the page was read; empty for an empty log
 * @param next the {@code after} value for the next page, when there may be one
 */
public record QueryPage(List<ProvedRecord> records, Optional<SignedCheckpoint> checkpoint, Optional<Long> next) {

  public QueryPage {
    records = List.copyOf(records);
  }

  /** {@code {"records": [...], "tree_size", "checkpoint", "next"}}. */
  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    records.forEach(r -> array.add(r.toJson()));
    JsonObject json =
        new JsonObject()
            .put("records", array)
            .put("tree_size", checkpoint.map(SignedCheckpoint::size).orElse(0L))
            .put("checkpoint", checkpoint.map(SignedCheckpoint::note).orElse(null));
    next.ifPresent(n -> json.put("next", n));
    return json;
  }
}
