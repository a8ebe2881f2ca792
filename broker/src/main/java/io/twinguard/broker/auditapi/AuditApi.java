package io.twinguard.broker.auditapi;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.Export;
import io.twinguard.audit.query.QueryService;
import io.twinguard.broker.answer.Refuse;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The auditors' REST API under {@code /v1/audit}: compliance queries over the audit log with an
 * inclusion proof for every record, exports, proofs, the newest signed checkpoint and the log's key.
 * Built from its OpenAPI 3.1 document ({@code openapi.json} beside this class) by Vert.x Web's router
 * builder, which validates every request against it. Every refusal goes through the broker's one
 * refusal writer: RFC 9457 problem+json, never a stack trace.
 */
public final class AuditApi {

  /** The path prefix of the audit API. */
  public static final String PREFIX = "/v1/audit";

  /** The classpath location of the OpenAPI document. */
  public static final String OPENAPI = "io/twinguard/broker/auditapi/openapi.json";

  private static final int EXPORT_PAGE = 500;

  private final AuditLog log;
  private final QueryService queries;
  private final BiConsumer<RoutingContext, Refusal> problems;

  private AuditApi(AuditLog log, BiConsumer<RoutingContext, Refusal> problems) {
    this.log = log;
    this.queries = new QueryService(log);
    this.problems = problems;
  }

  /**
   * Builds the router for a log; its paths are the full ones under {@link #PREFIX}, so hand it the
   * request itself (a sub-router would hide the prefix from the validator, which then misreads the
   * path parameters). Reads the OpenAPI document: call it at start-up.
   *
   * @param problems answers a refusal
   */
  public static Future<Router> router(Vertx vertx, AuditLog log, BiConsumer<RoutingContext, Refusal> problems) {
    AuditApi api = new AuditApi(log, problems);
    JsonObject document = new JsonObject(vertx.fileSystem().readFileBlocking(OPENAPI));
    return OpenAPIContract.from(vertx, requestContract(document))
        .map(
            contract -> {
              RouterBuilder builder = RouterBuilder.create(vertx, contract);
              builder.getRoute("queryRecords").addHandler(api::queryRecords);
              builder.getRoute("getProof").addHandler(api::getProof);
              builder.getRoute("getCheckpoint").addHandler(api::getCheckpoint);
              builder.getRoute("getKey").addHandler(api::getKey);
              builder.getRoutes().forEach(route -> route.addFailureHandler(api::failure));
              Router router = builder.createRouter();
              router.route().last().handler(rc -> api.refuse(rc, new Refusal.NotFound(
                  "no such resource; the audit API serves " + PREFIX + "/records, /proof/{index}, /checkpoint and /key")));
              return router;
            });
  }

  /**
   * The document as the router builder takes it. Vert.x's OpenAPI support (5.0) refuses response
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

  private void queryRecords(RoutingContext rc) {
    AuditQuery query;
    String format;
    try {
      Map<String, RequestParameter> q = validated(rc).getQuery();
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
      refuse(rc, new Refusal.BadRequest(e.getMessage()));
      return;
    }
    switch (format) {
      case "jsonl", "csv" -> export(rc, query, format);
      default ->
          queries
              .query(query)
              .onSuccess(page -> json(rc, 200, page.toJson().encode()))
              .onFailure(rc::fail);
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

  private void getProof(RoutingContext rc) {
    long index = validated(rc).getPathParameters().get("index").getLong();
    log.latestCheckpoint()
        .compose(latest -> {
          long size = latest.map(SignedCheckpoint::size).orElse(0L);
          if (index >= size) {
            return new Refusal.NotFound("index " + index + " is not in the log of size " + size).fail();
          }
          return log.inclusionProof(index, latest.get());
        })
        .onSuccess(proof -> json(rc, 200, proof.toJson().encode()))
        .onFailure(rc::fail);
  }

  private void getCheckpoint(RoutingContext rc) {
    log.latestCheckpoint()
        .onSuccess(
            latest -> {
              if (latest.isEmpty()) {
                refuse(rc, new Refusal.NotFound("the log is empty"));
              } else {
                rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(latest.get().note());
              }
            })
        .onFailure(rc::fail);
  }

  private void getKey(RoutingContext rc) {
    rc.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(log.verifierKey().encode() + "\n");
  }

  private static ValidatedRequest validated(RoutingContext rc) {
    return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  private static Optional<String> string(Map<String, RequestParameter> params, String name) {
    RequestParameter p = params.get(name);
    return p == null || p.isNull() ? Optional.empty() : Optional.of(p.getString());
  }

  /**
   * A request the OpenAPI document refuses is a bad request, told in the validator's words (they
   * name the parameter and the rule, never a class or a stack); anything else goes to the one
   * refusal mapping.
   */
  private void failure(RoutingContext rc) {
    Throwable failure = rc.failure();
    Throwable cause = failure instanceof HttpException http && http.getCause() != null ? http.getCause() : failure;
    if (cause instanceof ValidatorException invalid) {
      refuse(rc, new Refusal.BadRequest(invalid.getMessage()));
    } else if (failure == null || failure instanceof HttpException) {
      refuse(rc, rc.statusCode() == 404
          ? new Refusal.NotFound("no such resource")
          : new Refusal.BadRequest("the request does not match the API"));
    } else {
      refuse(rc, Refusals.of(failure, Refuse.decisionId(rc)));
    }
  }

  private void refuse(RoutingContext rc, Refusal refusal) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    problems.accept(rc, refusal);
  }

  private static void json(RoutingContext rc, int status, String body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
