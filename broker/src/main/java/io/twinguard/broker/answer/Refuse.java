package io.twinguard.broker.answer;

import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Answers a refusal outside the call pipeline (the admin and audit APIs, unknown paths, wrong
 * methods): signed, as RFC 9457 problem+json, under the decision id the request already has
 * ({@link #DECISION_ID} in the routing context) or a new one.
 */
public final class Refuse implements BiConsumer<RoutingContext, Refusal> {

  /** The routing context key of a request's decision id. */
  public static final String DECISION_ID = "twinguard.decision_id";

  private final SignAnswer sign;

  public Refuse(SignAnswer sign) {
    this.sign = sign;
  }

  /** The decision id of this request, made on first use. */
  public static String decisionId(RoutingContext ctx) {
    String id = ctx.get(DECISION_ID);
    if (id == null) {
      id = UUID.randomUUID().toString();
      ctx.put(DECISION_ID, id);
    }
    return id;
  }

  @Override
  public void accept(RoutingContext ctx, Refusal refusal) {
    sign.sign(new Outcome.Refused(decisionId(ctx), refusal)).writeTo(ctx.response());
  }
}
