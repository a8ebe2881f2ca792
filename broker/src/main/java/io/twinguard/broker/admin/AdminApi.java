package io.twinguard.broker.admin;

import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.RegistryRecord;
import io.twinguard.broker.server.Refuse;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The admin REST API: read the registry, add, replace or remove a twin, and switch the ecosystem's
 * mode. Only {@link Administrators} may use it. Every change is recorded in the audit log
 * ({@code kind: registry}) before it takes effect; when the record cannot be made durable the
 * change is refused. Changes are made one at a time, each on the registry as the one before left
 * it, so that concurrent changes are never lost.
 */
public final class AdminApi implements Api {

  /** The path prefix of the admin API. */
  public static final String PREFIX = "/v1/admin";

  private final EcosystemState state;
  private final Administrators administrators;
  private final AuditTrail audit;
  private final Clock clock;

  /**
   * @param state the registry and mode in force, and how a change reaches every broker
   * @param administrators who may use the API
   */
  public AdminApi(EcosystemState state, Administrators administrators, AuditTrail audit, Clock clock) {
    this.state = state;
    this.administrators = administrators;
    this.audit = audit;
    this.clock = clock;
  }

  /** Mounts the admin routes on {@code router}; {@code problems} answers a refusal. */
  @Override
  public void mount(Router router, Refuse problems) {
    router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
    router.route(PREFIX + "/*").handler(administrators.gate(problems));
    router.get(PREFIX + "/registry").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json")
        .end(RegistryCodec.toJson(state.current().catalog().registry()).toBuffer()));
    router.put(PREFIX + "/twins/:twin").handler(ctx -> putTwin(ctx, problems));
    router.delete(PREFIX + "/twins/:twin").handler(ctx -> deleteTwin(ctx, problems));
    router.get(PREFIX + "/mode").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("mode", state.current().mode().wireName()).toBuffer()));
    router.put(PREFIX + "/mode").handler(ctx -> putMode(ctx, problems));
  }

  private void putTwin(RoutingContext ctx, BiConsumer<RoutingContext, Refusal> problems) {
    String name = ctx.pathParam("twin");
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      problems.accept(ctx, new Refusal.BadRequest("the body must be a twin declaration in JSON"));
      return;
    }
    if (body == null) {
      problems.accept(ctx, new Refusal.BadRequest("the body must be a twin declaration in JSON"));
      return;
    }
    Twin twin;
    try {
      twin = RegistryCodec.twinFromJson(body, "twin");
      Catalog.of(state.current().catalog().registry().with(twin));
    } catch (IllegalArgumentException e) {
      problems.accept(ctx, new Refusal.SchemaViolation(e.getMessage(), List.of()));
      return;
    }
    if (!twin.name().equals(name)) {
      problems.accept(ctx, new Refusal.BadRequest(
          "the twin's id ends in '" + twin.name() + "', not in '" + name + "' as the path says"));
      return;
    }
    change(ctx, problems, RegistryRecord.Action.PUT, name, body, current -> Catalog.of(current.registry().with(twin)));
  }

  private void deleteTwin(RoutingContext ctx, BiConsumer<RoutingContext, Refusal> problems) {
    String name = ctx.pathParam("twin");
    if (state.current().catalog().registry().twin(name).isEmpty()) {
      problems.accept(ctx, new Refusal.UnknownTarget("no twin named '" + name + "'"));
      return;
    }
    change(ctx, problems, RegistryRecord.Action.DELETE, name, new JsonObject(),
        current -> current.registry().twin(name).isEmpty() ? current : Catalog.of(current.registry().without(name)));
  }

  private void putMode(RoutingContext ctx, BiConsumer<RoutingContext, Refusal> problems) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    String wanted = body == null ? null : body.getString("mode");
    PolicyInputs.Mode next;
    if ("normal".equals(wanted)) {
      next = PolicyInputs.Mode.NORMAL;
    } else if ("emergency".equals(wanted)) {
      next = PolicyInputs.Mode.EMERGENCY;
    } else {
      problems.accept(ctx, new Refusal.BadRequest("the body must be {\"mode\": \"normal\"} or {\"mode\": \"emergency\"}"));
      return;
    }
    state.change(() -> record(ctx, RegistryRecord.Action.MODE, null, new JsonObject().put("mode", next.wireName())),
            current -> current.with(next))
        .onSuccess(index -> ctx.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("mode", next.wireName()).put("audit_index", index).toBuffer()))
        .onFailure(failure -> problems.accept(ctx, refusal(failure)));
  }

  private void change(RoutingContext ctx, BiConsumer<RoutingContext, Refusal> problems, RegistryRecord.Action action,
      String name, JsonObject declaration, Function<Catalog, Catalog> apply) {
    state.change(() -> record(ctx, action, name, declaration), current -> current.with(apply.apply(current.catalog())))
        .onSuccess(index -> ctx.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("action", action.wireName()).put("twin", name).put("audit_index", index)
                .toBuffer()))
        .onFailure(failure -> problems.accept(ctx, refusal(failure)));
  }

  private Future<Long> record(RoutingContext ctx, RegistryRecord.Action action, String twin, JsonObject declaration) {
    return audit.append(AuditRecord.of(new RegistryRecord(clock.instant(), ctx.get(Administrators.ID), action, twin,
        ContentDigest.create(declaration.toBuffer().getBytes(), DigestAlgorithm.SHA_256))));
  }

  /** A cluster refusal as it is; any other failure is the audit log's: nothing was changed. */
  private static Refusal refusal(Throwable failure) {
    if (failure instanceof Refused refused && refused.refusal() instanceof Refusal.ClusterUnavailable unavailable) {
      return unavailable;
    }
    return new Refusal.AuditUnavailable("the audit log could not record the change; nothing was changed");
  }
}
