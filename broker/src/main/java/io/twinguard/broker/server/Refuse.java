package io.twinguard.broker.server;

import io.twinguard.broker.answer.Answer;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.audit.Record;
import io.twinguard.broker.call.Concluded;
import io.twinguard.broker.call.Identified;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Stage;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Answers a refusal outside the call pipeline (the admin and audit APIs, unknown paths, wrong
 * methods, requests the HTTP codec could not read): recorded in the audit log like a call's
 * refusal, then signed, as RFC 9457 problem+json, under the request's decision id. Every answer
 * that carries a decision id is recorded; when the record cannot be made, the answer says that the
 * audit log is unavailable instead.
 */
public final class Refuse implements BiConsumer<RoutingContext, Refusal> {

  /** The routing context key of a request's decision id. */
  public static final String DECISION_ID = "twinguard.decision_id";

  /** The routing context key of the SPIFFE ID of an asker whose certificate was validated. */
  public static final String CALLER = "twinguard.caller";

  private static final String[] NO_PATH = {null, null, null};

  private final Record record;
  private final SignAnswer sign;
  private final Clock clock;

  public Refuse(Record record, SignAnswer sign, Clock clock) {
    this.record = record;
    this.sign = sign;
    this.clock = clock;
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
    Buffer body = ctx.body() != null && ctx.body().buffer() != null ? ctx.body().buffer() : Buffer.buffer();
    Ingress ingress = Requests.ingress(ctx.request(), body, decisionId(ctx), clock.instant(), NO_PATH, null, null);
    String caller = ctx.get(CALLER);
    answer(caller == null ? ingress : new Identified(ingress, caller), refusal, ctx.response());
  }

  /** Answers a request the HTTP codec refused; there is no routing context for it. */
  public void answer(HttpServerRequest request, Refusal refusal) {
    answer(Requests.ingress(request, Buffer.buffer(), UUID.randomUUID().toString(), clock.instant(), NO_PATH, null,
        null), refusal, request.response());
  }

  private void answer(Stage stage, Refusal refusal, HttpServerResponse response) {
    Future<Outcome> recorded = record.apply(new Concluded(stage, new Outcome.Refused(stage.ingress().decisionId(),
        refusal)));
    recorded.map(sign::sign).onSuccess(answer -> write(answer, response));
  }

  private static void write(Answer answer, HttpServerResponse response) {
    if (response.headWritten()) {
      response.reset();
    } else {
      answer.writeTo(response);
    }
  }
}
