package io.twinguard.consent.portal;

import io.twinguard.common.problem.ProblemType;
import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.Consent;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.receipt.KantaraExport;
import io.twinguard.consent.store.VersionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The citizen REST API ({@code /api/v1}, described by {@code openapi.yaml}): the same operations
 * as the pages, as JSON, for citizen apps and citizen twins. Every answer is about the caller's own
 * subject; another subject's record is 404.
 */
final class ApiRoutes {

  private final ConsentService service;
  private final PortalData data;
  private final PortalConfig config;
  private final Function<RoutingContext, Citizen> citizens;

  ApiRoutes(ConsentService service, PortalData data, PortalConfig config, Function<RoutingContext, Citizen> citizens) {
    this.service = service;
    this.data = data;
    this.config = config;
    this.citizens = citizens;
  }

  void mount(Router api) {
    api.get("/me").handler(ctx -> {
      Citizen c = citizens.apply(ctx);
      Answers.json(ctx, new JsonObject().put("subject", c.subject()).put("name", c.name()));
    });
    api.get("/consents").handler(ctx -> read(ctx, c -> service.consentsOf(c.subject()).map(ApiRoutes::array)));
    api.get("/consents/:id/history").handler(ctx -> Answers.id(ctx, "id").ifPresent(id -> read(ctx,
        c -> service.history(c.subject(), id).map(h -> {
          JsonArray out = new JsonArray();
          h.forEach(s -> out.add(new JsonObject().put("consent", s.consent().toJson())
              .put("audit_index", s.auditIndex())));
          return out;
        }))));
    api.get("/consents/:id/notices").handler(ctx -> Answers.id(ctx, "id").ifPresent(id -> read(ctx,
        c -> service.notices(c.subject(), id).map(list -> new JsonArray(list.stream().map(n -> new JsonObject()
            .put("version", n.version()).put("twin", n.twin()).put("state", n.state())
            .put("attempts", n.attempts()).put("detail", n.detail())).toList())))));
    api.get("/consents/:id/versions/:version/receipt").handler(this::receipt);
    api.post("/requests/:id/grant").handler(ctx -> change(ctx, (s, id) -> service.grant(s, id, null)));
    api.post("/requests/:id/refuse").handler(ctx -> change(ctx, service::refuse));
    api.post("/consents/:id/withdraw").handler(ctx -> change(ctx, service::withdraw));
    api.get("/history").handler(ctx -> read(ctx, c -> data.history(c.subject()).map(list -> new JsonArray(
        list.stream().map(e -> new JsonObject().put("index", e.index()).put("time", e.time()).put("who", e.who())
            .put("what", e.what()).put("outcome", e.outcome())).toList()))));
    api.get("/history/:index/proof").handler(ctx -> Answers.number(ctx, "index").ifPresent(index ->
        data.proof(citizens.apply(ctx).subject(), index).onSuccess(proof -> proof.ifPresentOrElse(
            p -> Answers.json(ctx, p),
            () -> Answers.problem(ctx, ProblemType.NOT_FOUND, "no entry about you at that index")))
            .onFailure(e -> Answers.failed(ctx, e))));
    api.get("/export").handler(ctx -> read(ctx, c -> service.consentsOf(c.subject())
        .map(list -> KantaraExport.export(list, config.jurisdiction(), config.policyUrl()))));
    api.get("/receipt-keys").handler(ctx -> Answers.json(ctx, service.receiptKeys()));
  }

  private void receipt(RoutingContext ctx) {
    Citizen citizen = citizens.apply(ctx);
    Answers.id(ctx, "id").ifPresent(id -> Answers.number(ctx, "version").ifPresent(version ->
        service.history(citizen.subject(), id).onSuccess(history -> history.stream()
            .filter(s -> s.consent().version() == version).findFirst().map(VersionStore.Stored::receipt)
            .ifPresentOrElse(
                jws -> ctx.response().putHeader("content-type", "application/jose")
                    .putHeader("content-disposition", "attachment; filename=\"" + id + "-v" + version + ".jws\"")
                    .end(jws),
                () -> Answers.problem(ctx, ProblemType.NOT_FOUND, "you have no such record version")))
            .onFailure(e -> Answers.failed(ctx, e))));
  }

  private void read(RoutingContext ctx, Function<Citizen, Future<?>> body) {
    body.apply(citizens.apply(ctx)).onSuccess(result -> Answers.json(ctx, result))
        .onFailure(e -> Answers.failed(ctx, e));
  }

  private void change(RoutingContext ctx, BiFunction<String, String, Future<ChangeOutcome>> action) {
    Citizen citizen = citizens.apply(ctx);
    Answers.id(ctx, "id").ifPresent(id -> action.apply(citizen.subject(), id)
        .onSuccess(outcome -> Answers.outcome(ctx, outcome))
        .onFailure(e -> Answers.failed(ctx, e)));
  }

  private static JsonArray array(java.util.List<Consent> consents) {
    JsonArray out = new JsonArray();
    consents.forEach(c -> out.add(c.toJson()));
    return out;
  }
}
