package io.twinguard.broker.lifecycle.replay;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.LinkedHashMap;

/** Writes a {@link ReplayReport} as text (for a terminal), JSON (for tools) or one HTML page (for people). */
public final class ReportWriter {

  /** The formats a report is written in. */
  public enum Format {
    TEXT,
    JSON,
    HTML;

    /** @throws IllegalArgumentException naming the formats when {@code name} is none of them */
    public static Format parse(String name) {
      for (Format format : values()) {
        if (format.name().equalsIgnoreCase(name)) {
          return format;
        }
      }
      throw new IllegalArgumentException("the format is text, json or html, not " + name);
    }
  }

  private ReportWriter() {}

  /** The report in {@code format}. */
  public static String write(ReplayReport report, Format format) {
    return switch (format) {
      case TEXT -> text(report);
      case JSON -> json(report).encodePrettily() + "\n";
      case HTML -> html(report);
    };
  }

  /** The report as JSON: totals, groups and every change. */
  public static JsonObject json(ReplayReport report) {
    JsonArray groups = new JsonArray();
    report.groups().forEach(g -> groups.add(new JsonObject().put("change", g.kind()).put("policy", g.policy())
        .put("code", g.code()).put("count", g.decisions().size()).put("decisions", new JsonArray(g.decisions()))));
    JsonArray changes = new JsonArray();
    report.changes().forEach(c -> changes.add(new JsonObject().put("decision_id", c.decisionId()).put("time", c.time())
        .put("caller", c.caller()).put("target", c.target()).put("call", c.call()).put("purpose", c.purpose())
        .put("revision", c.revision()).put("before", c.before()).put("after", c.after())
        .put("change", c.diff().kind()).put("policy", c.diff().policy()).put("code", c.diff().code())
        .put("added", new JsonArray(c.diff().added())).put("removed", new JsonArray(c.diff().removed()))));
    return new JsonObject()
        .put("candidate", report.candidate())
        .put("from", report.from().map(Object::toString).orElse(null))
        .put("to", report.to().map(Object::toString).orElse(null))
        .put("read", report.read())
        .put("replayed", report.replayed())
        .put("unchanged", report.unchanged())
        .put("changed", report.changes().size())
        .put("compared_with_record_only", report.againstRecorded())
        .put("changes_by_kind", new JsonObject(new LinkedHashMap<String, Object>(report.changesByKind())))
        .put("skipped", new JsonObject(new LinkedHashMap<String, Object>(report.skipped())))
        .put("not_reproduced", new JsonArray(report.notReproduced()))
        .put("groups", groups)
        .put("changes", changes);
  }

  private static String text(ReplayReport r) {
    StringBuilder out = new StringBuilder();
    out.append("Replay of candidate ").append(r.candidate()).append(" over ").append(range(r)).append('\n');
    out.append(r.read()).append(" decisions read, ").append(r.replayed()).append(" replayed, ")
        .append(r.unchanged()).append(" unchanged, ").append(r.changes().size()).append(" changed");
    if (r.againstRecorded() > 0) {
      out.append(" (").append(r.againstRecorded()).append(" compared with the record only)");
    }
    out.append('\n');
    r.changesByKind().forEach((kind, n) -> out.append("  ").append(kind).append(": ").append(n).append('\n'));
    r.skipped().forEach((why, n) -> out.append("  skipped ").append(n).append(": ").append(why).append('\n'));
    if (!r.notReproduced().isEmpty()) {
      out.append("  not reproduced by their own revision ").append(r.notReproduced().size()).append(": ")
          .append(String.join(", ", r.notReproduced())).append('\n');
    }
    for (ReplayReport.Group group : r.groups()) {
      out.append('\n').append(group.kind()).append("  ").append(group.policy()).append('/').append(group.code())
          .append("  (").append(group.decisions().size()).append(")\n");
      r.changes().stream().filter(c -> c.diff().kind().equals(group.kind()) && c.diff().policy().equals(group.policy())
              && c.diff().code().equals(group.code()))
          .forEach(c -> out.append("  ").append(c.time()).append("  ").append(c.decisionId()).append("  ")
              .append(c.caller()).append(" -> ").append(c.target()).append(' ').append(c.call()).append(" (")
              .append(c.purpose()).append(")  ").append(c.before()).append(" -> ").append(c.after())
              .append(detail(c.diff().added(), c.diff().removed())).append('\n'));
    }
    return out.toString();
  }

  private static String detail(List<String> added, List<String> removed) {
    StringBuilder out = new StringBuilder();
    if (!added.isEmpty()) {
      out.append("  +").append(String.join(" +", added));
    }
    if (!removed.isEmpty()) {
      out.append("  -").append(String.join(" -", removed));
    }
    return out.toString();
  }

  private static String range(ReplayReport r) {
    return r.from().map(Object::toString).orElse("the beginning") + " to "
        + r.to().map(Object::toString).orElse("now");
  }

  private static String html(ReplayReport r) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Replay of ")
        .append(esc(r.candidate())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}"
            + ".allow_to_deny{background:#fdd}.deny_to_allow{background:#dfd}</style></head><body>\n");
    out.append("<h1>Replay of candidate ").append(esc(r.candidate())).append("</h1>\n<p>")
        .append(esc(range(r))).append(": ").append(r.read()).append(" decisions read, ").append(r.replayed())
        .append(" replayed, ").append(r.unchanged()).append(" unchanged, <strong>").append(r.changes().size())
        .append(" changed</strong>.</p>\n");
    if (!r.skipped().isEmpty()) {
      out.append("<h2>Not replayed</h2>\n<ul>\n");
      r.skipped().forEach((why, n) -> out.append("<li>").append(n).append(": ").append(esc(why)).append("</li>\n"));
      out.append("</ul>\n");
    }
    out.append("<h2>Changes by policy and reason</h2>\n<table><tr><th>change</th><th>policy</th><th>reason</th>"
        + "<th>decisions</th></tr>\n");
    r.groups().forEach(g -> out.append("<tr class=\"").append(esc(g.kind())).append("\"><td>").append(esc(g.kind()))
        .append("</td><td>").append(esc(g.policy())).append("</td><td>").append(esc(g.code())).append("</td><td>")
        .append(g.decisions().size()).append("</td></tr>\n"));
    out.append("</table>\n<h2>Every changed decision</h2>\n<table><tr><th>time</th><th>decision</th><th>caller</th>"
        + "<th>target</th><th>call</th><th>purpose</th><th>before</th><th>after</th><th>what changed</th></tr>\n");
    r.changes().forEach(c -> out.append("<tr class=\"").append(esc(c.diff().kind())).append("\"><td>")
        .append(esc(c.time())).append("</td><td>").append(esc(c.decisionId())).append("</td><td>")
        .append(esc(c.caller())).append("</td><td>").append(esc(c.target())).append("</td><td>")
        .append(esc(c.call())).append("</td><td>").append(esc(c.purpose())).append("</td><td>")
        .append(esc(c.before())).append("</td><td>").append(esc(c.after())).append("</td><td>")
        .append(esc(detail(c.diff().added(), c.diff().removed()).strip())).append("</td></tr>\n"));
    return out.append("</table>\n</body></html>\n").toString();
  }

  private static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
