package io.twinguard.consent.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.portal.view.Page;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The portal's HTML pages and their forms (grant, refuse, withdraw: POST, CSRF-checked). */
final class PageRoutes {

  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
      null, ContentType.Html, PageRoutes.class.getClassLoader(), "io.twinguard.consent.portal.templates");

  private final ConsentService service;
  private final PortalData data;
  private final String base;
  private final Function<RoutingContext, Citizen> citizens;

  PageRoutes(ConsentService service, PortalData data, String base, Function<RoutingContext, Citizen> citizens) {
    this.service = service;
    this.data = data;
    this.base = base;
    this.citizens = citizens;
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> ctx.redirect(base + "/requests"));
    router.get("/requests").handler(ctx -> page(ctx, "requests", "Requests waiting for your answer",
        c -> data.requests(c.subject()).map(list -> Map.of("requests", list))));
    router.get("/consents").handler(ctx -> page(ctx, "consents", "My consents",
        c -> data.consents(c.subject()).map(list -> Map.of("consents", list))));
    router.get("/history").handler(ctx -> page(ctx, "history", "Who used my data",
        c -> data.history(c.subject()).map(list -> Map.of("entries", list, "logKey", data.logKey()))));
    router.post("/requests/:id/grant").handler(ctx -> change(ctx, "/consents",
        (subject, id) -> service.grant(subject, id, null)));
    router.post("/requests/:id/refuse").handler(ctx -> change(ctx, "/requests", service::refuse));
    router.post("/consents/:id/withdraw").handler(ctx -> change(ctx, "/consents", service::withdraw));
  }

  private void page(RoutingContext ctx, String name, String title,
      Function<Citizen, Future<Map<String, Object>>> model) {
    Citizen citizen = citizens.apply(ctx);
    Page page = new Page(title, name, base, ctx.get("X-XSRF-TOKEN", ""), citizen.subject(), citizen.name());
    model.apply(citizen).onSuccess(params -> {
      Map<String, Object> all = new java.util.HashMap<>(params);
      all.put("page", page);
      StringOutput out = new StringOutput();
      TEMPLATES.render(name + ".jte", all, out);
      ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(out.toString());
    }).onFailure(e -> Answers.failed(ctx, e));
  }

  private void change(RoutingContext ctx, String then, BiFunction<String, String, Future<ChangeOutcome>> action) {
    Citizen citizen = citizens.apply(ctx);
    Answers.id(ctx, "id").ifPresent(id -> action.apply(citizen.subject(), id).onSuccess(outcome -> {
      if (outcome instanceof ChangeOutcome.Changed) {
        ctx.response().setStatusCode(303).putHeader("location", base + then).end();
      } else {
        Answers.outcome(ctx, outcome);
      }
    }).onFailure(e -> Answers.problem(ctx, ProblemType.INTERNAL, "the change could not be made")));
  }
}
