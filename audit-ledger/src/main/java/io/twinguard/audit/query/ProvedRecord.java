package io.twinguard.audit.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A record found by a query, with its inclusion path against the page's checkpoint.
 *
 * @param index the leaf index
 * @param leaf the leaf bytes: the record's canonical JSON (copied in and out)
 * @param inclusionPath the RFC 9162 inclusion path (copied in and out)
 */
public record ProvedRecord(long index, byte[] leaf, List<byte[]> inclusionPath) {

  public ProvedRecord {
    leaf = leaf.clone();
    inclusionPath = copy(inclusionPath);
  }

  @Override
  public byte[] leaf() {
    return leaf.clone();
  }

  @Override
  public List<byte[]> inclusionPath() {
    return copy(inclusionPath);
  }

  /** The record as JSON. */
  public JsonObject record() {
    return new JsonObject(new String(leaf, StandardCharsets.UTF_8));
  }

  /** {@code {"index", "record", "inclusion_path": [base64]}}. */
  public JsonObject toJson() {
    JsonArray path = new JsonArray();
    inclusionPath.forEach(h -> path.add(Base64.getEncoder().encodeToString(h)));
    return new JsonObject().put("index", index).put("record", record()).put("inclusion_path", path);
  }

  private static List<byte[]> copy(List<byte[]> hashes) {
    List<byte[]> out = new ArrayList<>();
    hashes.forEach(h -> out.add(h.clone()));
    return List.copyOf(out);
  }
}
