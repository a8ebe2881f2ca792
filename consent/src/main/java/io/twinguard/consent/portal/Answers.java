package io.twinguard.consent.portal;

import io.twinguard.audit.record.RecordLimits;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.consent.ChangeOutcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** How the portal and the API answer: problem+json for every refusal, never a stack trace. */
final class Answers {

  private Answers() {}

  static void problem(RoutingContext ctx, ProblemType type, String detail) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(type.status()).putHeader("content-type", Problem.MEDIA_TYPE)
        .end(new Problem(type, detail).toJson(ctx.request().path()).encode());
  }

  static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("content-type", "application/json")
        .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
  }

  /** A path parameter that is a valid id, or a 400 answered and empty. */
  static Optional<String> id(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name);
    if (!RecordLimits.ID.accepts(value)) {
      problem(ctx, ProblemType.BAD_REQUEST, name + " is not a valid id");
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** A path parameter that is a non-negative number, or a 400 answered and empty. */
  static Optional<Long> number(RoutingContext ctx, String name) {
    try {
      long value = Long.parseLong(ctx.pathParam(name));
      if (value >= 0) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    problem(ctx, ProblemType.BAD_REQUEST, name + " is not a non-negative number");
    return Optional.empty();
  }

  /** The outcome of a change as JSON, or its problem. */
  static void outcome(RoutingContext ctx, ChangeOutcome outcome) {
    if (outcome instanceof ChangeOutcome.Changed changed) {
      json(ctx, new JsonObject().put("consent", changed.consent().toJson()).put("receipt", changed.receipt())
          .put("audit_index", changed.auditIndex()));
    } else if (outcome instanceof ChangeOutcome.NotAllowed notAllowed) {
      problem(ctx, ProblemType.CONSENT_CONFLICT, notAllowed.reason());
    } else {
      problem(ctx, ProblemType.NOT_FOUND, "you have no consent record with that id");
    }
  }

  static void failed(RoutingContext ctx, Throwable e) {
    problem(ctx, ProblemType.INTERNAL, "the consent service could not answer");
  }
}
