package io.twinguard.examples.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes a run's report into a directory: {@code index.html} (a sequence diagram per use case as
 * inline SVG, a table of its records, the checkpoint, every proof checked again in the browser by
 * the consent portal's verifier, {@code assets/portal.js}, with WebCrypto), {@code report.md} (the
 * same as Markdown, the diagrams as {@code ucN.svg}), and for each record {@code records/N.json}
 * and {@code proofs/N.json}. The page loads nothing from elsewhere (no CDN); it needs an HTTP server
 * for its proofs ({@link ReportServer}), not a {@code file:} URL.
 */
public final class ReportWriter {

  private static final String PORTAL_JS = "/io/twinguard/consent/portal/assets/portal.js";

  private ReportWriter() {}

  /**
   * Writes {@code report} into {@code dir} (created when missing; files of an earlier run replaced).
   *
   * @throws IOException when a file cannot be written or a diagram cannot be drawn
   */
  public static void write(AuditReport report, Path dir) throws IOException {
    Files.createDirectories(dir.resolve("records"));
    Files.createDirectories(dir.resolve("proofs"));
    Files.createDirectories(dir.resolve("assets"));
    Files.write(dir.resolve("assets/portal.js"), resource(PORTAL_JS));
    Files.write(dir.resolve("assets/report.js"), resource("/report/report.js"));
    Files.write(dir.resolve("assets/report.css"), resource("/report/report.css"));
    StringBuilder html = new StringBuilder();
    StringBuilder md = new StringBuilder();
    head(report, html, md);
    for (UseCaseReport useCase : report.useCases()) {
      String svg = Svg.render(SequenceDiagram.of(useCase));
      String file = useCase.id().toLowerCase(Locale.ROOT) + ".svg";
      Files.writeString(dir.resolve(file), svg, StandardCharsets.UTF_8);
      html.append("<section id=\"").append(esc(useCase.id())).append("\"><h2>").append(esc(useCase.id())).append(": ")
          .append(esc(useCase.title())).append("</h2>\n<p class=\"").append(useCase.ok() ? "ok" : "bad").append("\">")
          .append(useCase.ok() ? "Every step got its expected outcome." : "FAILED: " + esc(useCase.failure()))
          .append("</p>\n<div class=\"diagram\">").append(Svg.inline(svg)).append("</div>\n<table><thead><tr>")
          .append("<th>#</th><th>record</th><th>what</th><th>proof (server)</th><th>proof (this browser)</th>")
          .append("</tr></thead><tbody>\n");
      md.append("\n## ").append(useCase.id()).append(": ").append(useCase.title()).append("\n\n")
          .append(useCase.ok() ? "Every step got its expected outcome." : "**FAILED**: " + useCase.failure())
          .append("\n\n![").append(useCase.id()).append(" sequence diagram](").append(file).append(")\n\n")
          .append("| # | kind | what | record | proof |\n|---|---|---|---|---|\n");
      for (Evidence e : useCase.evidence()) {
        Files.writeString(dir.resolve("records/" + e.index() + ".json"), e.record().encodePrettily());
        Files.writeString(dir.resolve("proofs/" + e.index() + ".json"), e.proof().encodePrettily());
        String what = Summary.of(e.record());
        html.append("<tr id=\"r").append(e.index()).append("\"><td>").append(e.index()).append("</td><td><a href=\"records/")
            .append(e.index()).append(".json\">").append(esc(e.kind())).append("</a></td><td>").append(esc(what))
            .append("</td><td><a href=\"proofs/").append(e.index()).append(".json\">")
            .append(e.proofHolds() ? "holds" : "FAILS").append("</a></td><td><button class=\"check\" data-index=\"")
            .append(e.index()).append("\" data-proof=\"proofs/").append(e.index()).append(".json\">check</button> ")
            .append("<span class=\"proof-result\" id=\"proof-").append(e.index()).append("\"></span></td></tr>\n");
        md.append("| ").append(e.index()).append(" | ").append(e.kind()).append(" | ").append(what.replace("|", "/"))
            .append(" | [record](records/").append(e.index()).append(".json) | [")
            .append(e.proofHolds() ? "holds" : "FAILS").append("](proofs/").append(e.index()).append(".json) |\n");
      }
      html.append("</tbody></table></section>\n");
    }
    html.append("<script src=\"assets/portal.js\"></script>\n<script src=\"assets/report.js\"></script>\n</body></html>\n");
    Files.writeString(dir.resolve("index.html"), html, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
  }

  private static void head(AuditReport report, StringBuilder html, StringBuilder md) {
    long records = report.useCases().stream().mapToLong(u -> u.evidence().size()).sum();
    long held = report.useCases().stream().filter(UseCaseReport::ok).count();
    String root = Base64.getEncoder().encodeToString(report.checkpoint().checkpoint().rootHash());
    String verdict = (report.signatureHolds() ? "signed by the log key" : "NOT signed by the log key")
        + "; " + (report.verified() ? "every record's inclusion proof leads to its root" : "SOME PROOFS FAIL");
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>twinguard: the use cases, from the audit log</title>")
        .append("<link rel=\"stylesheet\" href=\"assets/report.css\"></head><body>\n")
        .append("<h1>twinguard: the six use cases, from the audit log</h1>\n<p>").append(held).append(" of ")
        .append(report.useCases().size()).append(" use cases held; ").append(records)
        .append(" audit records, each drawn from the log with its inclusion proof.</p>\n")
        .append("<section id=\"checkpoint\"><h2>Checkpoint</h2><p>Tree size ").append(report.checkpoint().size())
        .append(", root <code>").append(esc(root)).append("</code>: ").append(esc(verdict)).append(" (checked by the")
        .append(" report's writer). In this browser: <span id=\"browser-check\">checking…</span></p>")
        .append("<p>Log key <code>").append(esc(report.logKey())).append("</code></p><pre>")
        .append(esc(report.checkpoint().note())).append("</pre></section>\n<nav>");
    report.useCases().forEach(u -> html.append("<a href=\"#").append(esc(u.id())).append("\">").append(esc(u.id()))
        .append(u.ok() ? "" : " (failed)").append("</a> "));
    html.append("</nav>\n");
    md.append("# twinguard: the six use cases, from the audit log\n\n").append(held).append(" of ")
        .append(report.useCases().size()).append(" use cases held; ").append(records).append(" audit records.\n\n")
        .append("Checkpoint: tree size ").append(report.checkpoint().size()).append(", root `").append(root)
        .append("`: ").append(verdict).append(".\n\nLog key: `").append(report.logKey()).append("`\n\n```\n")
        .append(report.checkpoint().note()).append("```\n");
  }

  static String esc(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ReportWriter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " missing from the classpath");
      }
      return in.readAllBytes();
    }
  }
}
