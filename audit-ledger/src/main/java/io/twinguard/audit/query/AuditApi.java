package io.twinguard.audit.query;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The audit REST API, built from its OpenAPI 3.1 document ({@code openapi.json} beside this class)
 * by Vert.x Web's router builder, which validates every request against it. Every error is an RFC
 * 9457 {@code application/problem+json} body, never a stack trace.
 */
public final class AuditApi {

  /** The classpath location of the OpenAPI document. */
  public static final String OPENAPI = "io/twinguard/audit/query/openapi.json";

  private static final int EXPORT_PAGE = 500;

  private final AuditLog log;
  private final QueryService queries;

  private AuditApi(AuditLog log) {
    this.log = log;
    this.queries = new QueryService(log);
  }

  /** Builds the router for a log. Reads the OpenAPI document: call it at start-up. */
  public static Future<Router> router(Vertx vertx, AuditLog log) {
    AuditApi api = new AuditApi(log);
    JsonObject document = new JsonObject(vertx.fileSystem().readFileBlocking(OPENAPI));
    return OpenAPIContract.from(vertx, requestContract(document))
        .map(
            contract -> {
              RouterBuilder builder = RouterBuilder.create(vertx, contract);
              builder.getRoute("queryRecords").addHandler(api::queryRecords);
              builder.getRoute("getProof").addHandler(api::getProof);
              builder.getRoute("getCheckpoint").addHandler(api::getCheckpoint);
              builder.getRoute("getKey").addHandler(api::getKey);
              builder.getRoutes().forEach(route -> route.addFailureHandler(AuditApi::failure));
              Router router = builder.createRouter();
              router.route().last().handler(rc -> problem(rc, Problem.NOT_FOUND, "no such resource"));
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
      problem(rc, Problem.BAD_REQUEST, e.getMessage());
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
    log.inclusionProof(index)
        .onSuccess(proof -> json(rc, 200, proof.toJson().encode()))
        .onFailure(
            e -> {
              if (e instanceof IllegalArgumentException) {
                problem(rc, Problem.NOT_FOUND, e.getMessage());
              } else {
                rc.fail(e);
              }
            });
  }

  private void getCheckpoint(RoutingContext rc) {
    log.latestCheckpoint()
        .onSuccess(
            latest -> {
              if (latest.isEmpty()) {
                problem(rc, Problem.NOT_FOUND, "the log is empty");
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

  private static void failure(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof ValidatorException e) {
      problem(rc, Problem.BAD_REQUEST, e.getMessage());
    } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
      problem(rc, Problem.BAD_REQUEST, "the request does not match the API");
    } else {
      // the cause stays in the server's hands: no stack trace or SQL in the body
      problem(rc, Problem.INTERNAL, "the audit log could not answer");
    }
  }

  private static void problem(RoutingContext rc, Problem problem, String detail) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    rc.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.body(detail).encode());
  }

  private static void json(RoutingContext rc, int status, String body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
