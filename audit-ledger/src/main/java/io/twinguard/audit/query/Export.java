package io.twinguard.audit.query;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Export lines for auditors: JSON Lines (one proved record per line) and CSV (RFC 4180). */
public final class Export {

  /** The CSV header; the last columns let anyone check the row against the checkpoint. */
  public static final String CSV_HEADER =
      "index,time,kind,decision_id,caller,target,block,operation,purpose,decision,reason_codes,"
          + "subjects,bundle_revision,tree_size,inclusion_path,record";

  private Export() {}

  /** One JSON Lines line (without the newline): the record, its path and the tree size. */
  public static String jsonLine(ProvedRecord record, long treeSize) {
    return record.toJson().put("tree_size", treeSize).encode();
  }

  /** One CSV row (without the line break); lists are joined with ';'. */
  public static String csvRow(ProvedRecord record, long treeSize) {
    JsonObject r = record.record();
    List<String> cells =
        List.of(
            Long.toString(record.index()),
            text(r, "time"),
            text(r, "kind"),
            text(r, "decision_id"),
            text(r, "caller"),
            text(r, "target"),
            block(r),
            text(r, "operation"),
            text(r, "purpose"),
            text(r, "decision"),
            r.getJsonArray("reasons") == null
                ? ""
                : r.getJsonArray("reasons").stream()
                    .map(o -> ((JsonObject) o).getString("code"))
                    .collect(Collectors.joining(";")),
            r.getJsonArray("subjects") == null
                ? ""
                : r.getJsonArray("subjects").stream().map(Object::toString).collect(Collectors.joining(";")),
            text(r, "bundle_revision"),
            Long.toString(treeSize),
            record.inclusionPath().stream()
                .map(h -> Base64.getEncoder().encodeToString(h))
                .collect(Collectors.joining(";")),
            r.encode());
    return cells.stream().map(Export::quote).collect(Collectors.joining(","));
  }

  /** The block as {@code kind/name}, as in the call's path. */
  private static String block(JsonObject r) {
    JsonObject block = r.getJsonObject("block");
    return block == null ? "" : block.getString("kind") + "/" + block.getString("name");
  }

  private static String text(JsonObject r, String key) {
    Object value = r.getValue(key);
    return value == null ? "" : value.toString();
  }

  private static String quote(String cell) {
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
    return cell;
  }
}
