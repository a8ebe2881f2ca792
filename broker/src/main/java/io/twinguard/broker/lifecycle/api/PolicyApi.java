package io.twinguard.broker.lifecycle.api;

import io.twinguard.broker.lifecycle.explain.Explainer;
import io.twinguard.broker.lifecycle.rollout.Converger;
import io.twinguard.broker.lifecycle.rollout.Rollout;
import io.twinguard.broker.lifecycle.store.RevisionStore;
import io.twinguard.broker.lifecycle.store.ShadowStore;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.server.Refuse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The policy authors' API, for holders of {@link RoleGate#POLICY_AUTHOR} only: upload a signed
 * bundle ({@code POST /v1/policy/bundles}, the gzipped tar as the body), list the stored revisions,
 * activate one or roll back on every broker, see which revision each broker runs, read the shadow
 * revision's disagreements and explain a recorded decision. Every refusal is RFC 9457 problem+json,
 * recorded like any other; every change is recorded in the audit log before it takes effect.
 */
public final class PolicyApi implements Api {

  /** The path prefix of the API. */
  public static final String PREFIX = "/v1/policy";

  /** The most disagreements one page holds. */
  static final int MAX_PAGE = 1000;

  private final Rollout rollout;
  private final Optional<Converger> converger;
  private final Optional<String> shadowRevision;
  private final Pool pool;
  private final Explainer explainer;
  private final RoleGate gate;
  private final int uploadMaxBytes;
  private final RevisionStore revisions = new RevisionStore();
  private final ShadowStore shadow = new ShadowStore();

  /**
   * @param converger this broker's convergence, when its engine runs the stored revisions
   * @param shadowRevision the revision shadow mode evaluates, if any
   */
  public PolicyApi(Rollout rollout, Optional<Converger> converger, Optional<String> shadowRevision, Pool pool,
      Explainer explainer, RoleGate gate, int uploadMaxBytes) {
    this.rollout = rollout;
    this.converger = converger;
    this.shadowRevision = shadowRevision;
    this.pool = pool;
    this.explainer = explainer;
    this.gate = gate;
    this.uploadMaxBytes = uploadMaxBytes;
  }

  @Override
  public void mount(Router router, Refuse problems) {
    router.route(PREFIX + "/*").handler(gate.require(RoleGate.POLICY_AUTHOR, problems));
    router.post(PREFIX + "/bundles")
        .handler(BodyHandler.create().setBodyLimit(uploadMaxBytes).setHandleFileUploads(false))
        .handler(ctx -> answer(ctx, problems, 201, rollout.upload(ctx.body().buffer() == null ? new byte[0]
            : ctx.body().buffer().getBytes(), actor(ctx)).map(u -> new JsonObject().put("revision", u.revision())
            .put("digest", u.digest()).put("tests_passed", u.tests()).put("created", u.created())
            .put("audit_index", u.auditIndex()))));
    router.get(PREFIX + "/bundles").handler(ctx -> answer(ctx, problems, 200, revisions.list(pool)
        .map(list -> new JsonObject().put("revisions", new JsonArray(list)))));
    router.post(PREFIX + "/bundles/:revision/activate").handler(ctx -> answer(ctx, problems, 200,
        rollout.activate(ctx.pathParam("revision"), actor(ctx)).map(PolicyApi::activated)));
    router.post(PREFIX + "/rollback").handler(ctx -> answer(ctx, problems, 200,
        rollout.rollback(actor(ctx)).map(PolicyApi::activated)));
    router.get(PREFIX + "/active").handler(ctx -> answer(ctx, problems, 200, active()));
    router.get(PREFIX + "/shadow/disagreements").handler(ctx -> disagreements(ctx, problems));
    router.get(PREFIX + "/decisions/:id/explanation").handler(ctx -> answer(ctx, problems, 200,
        explainer.explain(ctx.pathParam("id")).compose(found -> found.isPresent()
            ? Future.succeededFuture(found.get())
            : new Refusal.NotFound("the audit log holds no decision " + ctx.pathParam("id")).fail())));
  }

  private Future<JsonObject> active() {
    return revisions.active(pool).compose(active -> revisions.brokers(pool).map(brokers -> new JsonObject()
        .put("active", active.orElse(null))
        .put("running", converger.map(Converger::running).orElse(null))
        .put("shadow", shadowRevision.orElse(null))
        .put("brokers", new JsonArray(brokers))));
  }

  private void disagreements(RoutingContext ctx, Refuse problems) {
    Instant from;
    Instant to;
    long after;
    int limit;
    try {
      from = Instant.parse(Optional.ofNullable(ctx.queryParams().get("from")).orElse("1970-01-01T00:00:00Z"));
      to = Instant.parse(Optional.ofNullable(ctx.queryParams().get("to")).orElse("9999-12-31T23:59:59Z"));
      after = Long.parseLong(Optional.ofNullable(ctx.queryParams().get("after")).orElse("0"));
      limit = Integer.parseInt(Optional.ofNullable(ctx.queryParams().get("limit")).orElse("100"));
    } catch (DateTimeParseException | NumberFormatException e) {
      problems.accept(ctx, new Refusal.BadRequest("from and to are RFC 3339 times, after and limit whole numbers"));
      return;
    }
    if (limit < 1 || limit > MAX_PAGE || after < 0) {
      problems.accept(ctx, new Refusal.BadRequest("limit is 1 to " + MAX_PAGE + " and after is not negative"));
      return;
    }
    answer(ctx, problems, 200, shadow.page(pool, from, to, after, limit).map(page -> {
      JsonArray items = new JsonArray();
      page.disagreements().forEach(d -> items.add(d.toJson()));
      return new JsonObject().put("disagreements", items).put("next", page.next().orElse(null));
    }));
  }

  private static JsonObject activated(Rollout.Activated activated) {
    return new JsonObject().put("revision", activated.revision()).put("previous", activated.previous())
        .put("audit_index", activated.auditIndex().orElse(null)).put("running", activated.running());
  }

  private static String actor(RoutingContext ctx) {
    return ctx.get(Refuse.CALLER);
  }

  private static void answer(RoutingContext ctx, Refuse problems, int status, Future<JsonObject> body) {
    body.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
            .end(json.toBuffer()))
        .onFailure(failure -> problems.accept(ctx, Refusals.of(failure, Refuse.decisionId(ctx))));
  }
}
