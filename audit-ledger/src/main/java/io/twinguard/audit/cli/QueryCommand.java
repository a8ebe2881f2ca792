package io.twinguard.audit.cli;

import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.Export;
import io.twinguard.audit.query.QueryPage;
import io.twinguard.audit.query.QueryService;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinguard audit query}: compliance queries; every record comes with its inclusion path
 * against the newest checkpoint. {@code --format json} prints one page; {@code jsonl} and {@code
 * csv} export every matching record.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Find records by subject, caller, target, purpose, decision, reason code, bundle revision and",
      "time; each with its inclusion proof. json prints one page; jsonl and csv export all matches."
    })
final class QueryCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Option(names = "--subject", description = "pseudonymous data-subject id") String subject;
  @Option(names = "--caller", description = "calling twin's SPIFFE ID") String caller;
  @Option(names = "--target", description = "target twin's SPIFFE ID") String target;
  @Option(names = "--purpose", description = "DPV purpose term") String purpose;
  @Option(names = "--decision-id", description = "decision id") String decisionId;
  @Option(names = "--outcome", description = "allow or deny") String outcome;
  @Option(names = "--reason", description = "reason code") String reason;
  @Option(names = "--bundle-revision", description = "policy bundle revision") String bundleRevision;
  @Option(names = "--from", description = "at or after this RFC 3339 time") Instant from;
  @Option(names = "--to", description = "before this RFC 3339 time") Instant to;
  @Option(names = "--after", description = "start after this leaf index (a page's next value)") Long after;

  @Option(names = "--limit", defaultValue = "100", description = "page size for json, 1 to 1000 (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--format", defaultValue = "json", description = "json, jsonl or csv (default: ${DEFAULT-VALUE})")
  Format format;

  enum Format {
    json,
    jsonl,
    csv
  }

  @Override
  public Integer call() {
    AuditQuery query;
    try {
      query =
          new AuditQuery(
              Optional.ofNullable(subject), Optional.ofNullable(caller), Optional.ofNullable(target),
              Optional.ofNullable(purpose), Optional.ofNullable(decisionId), Optional.ofNullable(outcome), Optional.ofNullable(reason),
              Optional.ofNullable(bundleRevision), Optional.ofNullable(from), Optional.ofNullable(to),
              Optional.ofNullable(after), format == Format.json ? limit : AuditQuery.MAX_LIMIT);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    return LogSession.run(
        "query",
        options,
        spec.commandLine().getErr(),
        log -> {
          QueryService service = new QueryService(log);
          if (format == Format.json) {
            return service.query(query).map(page -> {
              out.println(page.toJson().encodePrettily());
              out.flush();
              return 0;
            });
          }
          if (format == Format.csv) {
            out.print(Export.CSV_HEADER + "\r\n");
          }
          return export(service, query, out).map(v -> {
            out.flush();
            return 0;
          });
        });
  }

  private Future<Void> export(QueryService service, AuditQuery query, PrintWriter out) {
    return service
        .query(query)
        .compose(
            page -> {
              print(page, out);
              return page.next().isPresent()
                  ? export(service, query.withPage(page.next(), query.limit()), out)
                  : Future.succeededFuture();
            });
  }

  private void print(QueryPage page, PrintWriter out) {
    long size = page.checkpoint().map(SignedCheckpoint::size).orElse(0L);
    page.records()
        .forEach(
            r -> {
              if (format == Format.csv) {
                out.print(Export.csvRow(r, size) + "\r\n");
              } else {
                out.println(Export.jsonLine(r, size));
              }
            });
  }
}
