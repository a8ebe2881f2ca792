package io.twinguard.audit.log;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A leaf of the log with its RFC 9162 inclusion proof against a signed checkpoint; enough for
 * anyone to check the leaf with another implementation.
 *
 * @param leaf the leaf bytes (copied in and out)
 * @param index the leaf index
 * @param path the inclusion path, leaf end first (copied in and out)
 * @param checkpoint the checkpoint the path leads to
 */
public record InclusionProof(byte[] leaf, long index, List<byte[]> path, SignedCheckpoint checkpoint) {

  /**
   * @throws IllegalArgumentException when the index is not inside the checkpoint's tree
   */
  public InclusionProof {
    if (index < 0 || index >= checkpoint.size()) {
      throw new IllegalArgumentException("index " + index + " is not in checkpoint " + checkpoint.size());
    }
    leaf = leaf.clone();
    path = copy(path);
  }

  @Override
  public byte[] leaf() {
    return leaf.clone();
  }

  @Override
  public List<byte[]> path() {
    return copy(path);
  }

  /**
   * The JSON form printed by {@code twinguard audit proof --json}: {@code leaf} (base64), {@code
   * index}, {@code tree_size}, {@code inclusion_path} (base64 hashes) and {@code checkpoint} (the
   * signed note).
   */
  public JsonObject toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    JsonArray hashes = new JsonArray();
    path.forEach(h -> hashes.add(b64.encodeToString(h)));
    return new JsonObject()
        .put("leaf", b64.encodeToString(leaf))
        .put("index", index)
        .put("tree_size", checkpoint.size())
        .put("inclusion_path", hashes)
        .put("checkpoint", checkpoint.note());
  }

  private static List<byte[]> copy(List<byte[]> hashes) {
    List<byte[]> out = new ArrayList<>(hashes.size());
    hashes.forEach(h -> out.add(h.clone()));
    return List.copyOf(out);
  }
}
