package io.twinguard.broker.catalogue;

import io.twinguard.broker.access.ApiAccess;
import io.twinguard.broker.access.ApiCaller;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.server.Refuse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * The registry's catalogue for the twins themselves ({@code GET /v1/catalogue}): what every
 * registered twin offers (name, SPIFFE ID, organisation, class, blocks with their operations, data
 * categories and IP class), so that a twin discovers another and calls it by purpose through the
 * broker (UC4). It never shows how a twin is reached (endpoint, adapter and its settings,
 * notification URL, authentication methods): that stays between the operator and the broker.
 * Optional filters: {@code class}, {@code kind}, {@code block}. Only registered twins and
 * administrators may read it (401 without a certificate of the ecosystem CA, 403 for one that
 * is neither); reading it calls no twin, so nothing is recorded.
 */
public final class CatalogueApi implements Api {

  /** The path of the catalogue. */
  public static final String PATH = "/v1/catalogue";

  /** What a twin's declaration keeps to itself. */
  private static final List<String> PRIVATE = List.of("endpoint", "adapter", "notifications", "auth", "client_id");

  private final Supplier<Catalog> catalog;
  private final ApiAccess access;

  public CatalogueApi(Supplier<Catalog> catalog, ApiAccess access) {
    this.catalog = catalog;
    this.access = access;
  }

  @Override
  public void mount(Router router, Refuse refuse) {
    router.get(PATH).handler(ctx -> access.authenticate(ctx.request()).onComplete(done -> {
      if (done.failed()) {
        refuse.accept(ctx, Refusals.of(done.cause(), Refuse.decisionId(ctx)));
        return;
      }
      ApiCaller caller = done.result();
      ctx.put(Refuse.CALLER, caller.id());
      boolean registered = catalog.get().registry().twinById(caller.id()).isPresent();
      if (!registered && !(caller instanceof ApiCaller.Administrator)) {
        refuse.accept(ctx, new Refusal.Forbidden(caller.id() + " is no registered twin of this ecosystem"));
        return;
      }
      answer(ctx);
    }));
  }

  private void answer(RoutingContext ctx) {
    String twinClass = ctx.queryParams().get("class");
    String kind = ctx.queryParams().get("kind");
    String block = ctx.queryParams().get("block");
    JsonArray twins = new JsonArray();
    for (Twin twin : catalog.get().registry().twins()) {
      if (twinClass != null && !twinClass.equals(twin.twinClass())) {
        continue;
      }
      JsonObject entry = RegistryCodec.twinToJson(twin);
      PRIVATE.forEach(entry::remove);
      JsonArray blocks = new JsonArray();
      entry.getJsonArray("blocks", new JsonArray()).stream().map(JsonObject.class::cast)
          .filter(b -> kind == null || kind.equals(b.getString("kind")))
          .filter(b -> block == null || block.equals(b.getString("name")))
          .forEach(blocks::add);
      if (!blocks.isEmpty()) {
        twins.add(entry.put("name", twin.name()).put("blocks", blocks));
      }
    }
    ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("twins", twins).toBuffer());
  }
}
