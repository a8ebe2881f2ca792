package io.twinguard.broker.auditapi;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.Export;
import io.twinguard.audit.query.QueryService;
import io.twinguard.broker.server.Refuse;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The auditors' REST API under {@code /v1/audit}: compliance queries over the audit log with an
 * inclusion proof for every record, exports, proofs, the newest signed checkpoint and the log's key.
 * Every request is validated against its OpenAPI 3.1 document ({@code openapi.json} beside this
 * class) by Vert.x's request validator before a handler sees it. Every refusal goes through the broker's one
 * refusal writer: RFC 9457 problem+json, never a stack trace.
 */
public final class AuditApi implements Api {

  /** The path prefix of the audit API. */
  public static final String PREFIX = "/v1/audit";

  /** The classpath location of the OpenAPI document. */
  public static final String OPENAPI = "io/twinguard/broker/auditapi/openapi.json";

  private static final int EXPORT_PAGE = 500;

  private final AuditLog log;
  private final QueryService queries;
  private final RequestValidator validator;

  private AuditApi(AuditLog log, RequestValidator validator) {
    this.log = log;
    this.queries = new QueryService(log);
    this.validator = validator;
  }

  /** The API over a log. Reads the OpenAPI document: call it at start-up. */
  public static Future<AuditApi> create(Vertx vertx, AuditLog log) {
    JsonObject document = new JsonObject(vertx.fileSystem().readFileBlocking(OPENAPI));
    return OpenAPIContract.from(vertx, requestContract(document))
        .map(contract -> new AuditApi(log, RequestValidator.create(vertx, contract)));
  }

  /**
   * Mounts the routes under {@link #PREFIX} on {@code router}, each request validated against the
   * OpenAPI document first; {@code refuse} answers refusals. Mount it behind the auditors' gate
   * ({@code ApiAccess.require(Role.AUDITOR, refuse)}).
   */
  @Override
  public void mount(Router router, Refuse refuse) {
    router.get(PREFIX + "/records").handler(ctx -> validated(ctx, "queryRecords", refuse, this::queryRecords));
    router.get(PREFIX + "/proof/:index").handler(ctx -> validated(ctx, "getProof", refuse, this::getProof));
    router.get(PREFIX + "/checkpoint").handler(ctx -> validated(ctx, "getCheckpoint", refuse, this::getCheckpoint));
    router.get(PREFIX + "/key").handler(ctx -> validated(ctx, "getKey", refuse, this::getKey));
    router.route(PREFIX + "/*").handler(ctx -> refuse.accept(ctx, new Refusal.NotFound(
        "no such resource; the audit API serves " + PREFIX + "/records, /proof/{index}, /checkpoint and /key")));
  }

  /** A request the document refuses is a bad request, told in the validator's words (parameter and rule). */
  private void validated(RoutingContext ctx, String operation, Refuse refuse, Handler handler) {
    validator.validate(ctx.request(), operation)
        .onSuccess(request -> handler.handle(ctx, request, refuse))
        .onFailure(failure -> refuse.accept(ctx, failure instanceof ValidatorException invalid
            ? new Refusal.BadRequest(invalid.getMessage())
            : Refusals.of(failure, Refuse.decisionId(ctx))));
  }

  @FunctionalInterface
  private interface Handler {
    void handle(RoutingContext ctx, ValidatedRequest request, Refuse refuse);
  }

  /**
   * The document as the request validator takes it. Vert.x's OpenAPI support (5.0) refuses response
   * media types such as application/problem+json, text/csv and application/jsonl, and it validates
   * requests only; so the response descriptions are dropped from the copy it gets, and the document
   * itself stays whole for readers.
   */
  static JsonObject requestContract(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        item.getJsonObject(method)
            .put("responses", new JsonObject().put("default", new JsonObject().put("description", "see the document")));
      }
    }
    copy.getJsonObject("components").remove("responses");
    return copy;
  }

  private void queryRecords(RoutingContext rc, ValidatedRequest request, Refuse refuse) {
    AuditQuery query;
    String format;
    try {
      Map<String, RequestParameter> q = request.getQuery();
      format = string(q, "format").orElse("json");
      query =
          new AuditQuery(
              string(q, "subject"),
              string(q, "caller"),
              string(q, "target"),
              string(q, "purpose"),
              string(q, "decision_id"),
              string(q, "outcome"),
              string(q, "reason"),
              string(q, "bundle_revision"),
              string(q, "from").map(Instant::parse),
              string(q, "to").map(Instant::parse),
              Optional.ofNullable(q.get("after")).filter(p -> !p.isNull()).map(RequestParameter::getLong),
              Optional.ofNullable(q.get("limit"))
                  .filter(p -> !p.isNull())
                  .map(RequestParameter::getInteger)
                  .orElse(AuditQuery.DEFAULT_LIMIT));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      refuse.accept(rc, new Refusal.BadRequest(e.getMessage()));
      return;
    }
    switch (format) {
      case "jsonl", "csv" -> export(rc, query, format);
      default ->
          queries
              .query(query)
              .onSuccess(page -> json(rc, 200, page.toJson().encode()))
              .onFailure(failure -> refuse.accept(rc, Refusals.of(failure, Refuse.decisionId(rc))));
    }
  }

  private void export(RoutingContext rc, AuditQuery query, String format) {
    HttpServerResponse response = rc.response().setChunked(true);
    boolean csv = format.equals("csv");
    response.putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/jsonl");
    if (csv) {
      response.write(Export.CSV_HEADER + "\r\n");
    }
    exportPages(response, query.withPage(query.after(), EXPORT_PAGE), csv)
        .onSuccess(v -> response.end())
        .onFailure(e -> response.reset());
  }

  private Future<Void> exportPages(HttpServerResponse response, AuditQuery query, boolean csv) {
    return queries
        .query(query)
        .compose(
            page -> {
              long size = page.checkpoint().map(SignedCheckpoint::size).orElse(0L);
              StringBuilder chunk = new StringBuilder();
              page.records()
                  .forEach(
                      r -> chunk.append(csv ? Export.csvRow(r, size) : Export.jsonLine(r, size)).append(csv ? "\r\n" : "\n"));
              Future<Void> written = chunk.isEmpty() ? Future.succeededFuture() : response.write(chunk.toString());
              return written.compose(
                  v ->
                      page.next().isPresent()
                          ? exportPages(response, query.withPage(page.next(), query.limit()), csv)
                          : Future.succeededFuture());
            });
  }

  private void getProof(RoutingContext rc, ValidatedRequest request, Refuse refuse) {
    long index = request.getPathParameters().get("index").getLong();
    log.latestCheckpoint()
        .compose(latest -> {
          long size = latest.map(SignedCheckpoint::size).orElse(0L);
          if (index >= size) {
            return new Refusal.NotFound("index " + index + " is not in the log of size " + size).fail();
          }
          return log.inclusionProof(index, latest.get());
        })
        .onSuccess(proof -> json(rc, 200, proof.toJson().encode()))
        .onFailure(failure -> refuse.accept(rc, Refusals.of(failure, Refuse.decisionId(rc))));
  }

  private void getCheckpoint(RoutingContext rc, ValidatedRequest request, Refuse refuse) {
    log.latestCheckpoint()
        .onSuccess(latest -> {
          if (latest.isEmpty()) {
            refuse.accept(rc, new Refusal.NotFound("the log is empty"));
          } else {
            rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(latest.get().note());
          }
        })
        .onFailure(failure -> refuse.accept(rc, Refusals.of(failure, Refuse.decisionId(rc))));
  }

  private void getKey(RoutingContext rc, ValidatedRequest request, Refuse refuse) {
    rc.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(log.verifierKey().encode() + "\n");
  }

  private static Optional<String> string(Map<String, RequestParameter> params, String name) {
    RequestParameter p = params.get(name);
    return p == null || p.isNull() ? Optional.empty() : Optional.of(p.getString());
  }

  private static void json(RoutingContext rc, int status, String body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
