package io.twinguard.broker.admin;

import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.access.ApiAccess;
import io.twinguard.broker.access.Role;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.RegistryRecord;
import io.twinguard.broker.refusal.SchemaViolation;
import io.twinguard.broker.server.Refuse;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.broker.server.Api;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.RegistryException;
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

/**
 * The admin REST API: read the registry, add, replace or remove a twin, and switch the ecosystem's
 * mode. Only operators may use it ({@link Role#OPERATOR}: an administrator's certificate or a token
 * with the role, see {@link ApiAccess}). Every change is recorded in the audit log
 * ({@code kind: registry}) before it takes effect; when the record cannot be made durable the
 * change is refused. A twin put with a new adapter declaration (a changed REST mapping, say) gets
 * its new adapter without a restart; one whose adapter cannot be created is refused with the paths
 * of the errors, and nothing changes. Changes are made one at a time, each on the registry as the one before left
 * it, so that concurrent changes are never lost; in a cluster, a change is in force at every broker, each with
 * the new twin's adapter running, before the API answers ({@link EcosystemState}), and one that could not be
 * confirmed everywhere in time is refused as {@code cluster-unavailable}.
 */
public final class AdminApi implements Api {

  /** The path prefix of the admin API. */
  public static final String PREFIX = "/v1/admin";

  private final EcosystemState state;
  private final ApiAccess access;
  private final AuditTrail audit;
  private final TwinAdapters adapters;
  private final Clock clock;

  /**
   * @param state the registry and mode in force, and how a change reaches every broker
   * @param access who may use the API: operators
   * @param adapters validates a twin's adapter declaration and creates its adapter
   */
  public AdminApi(EcosystemState state, ApiAccess access, AuditTrail audit, TwinAdapters adapters, Clock clock) {
    this.state = state;
    this.access = access;
    this.audit = audit;
    this.adapters = adapters;
    this.clock = clock;
  }

  /** Mounts the admin routes on {@code router}; {@code problems} answers a refusal. */
  @Override
  public void mount(Router router, Refuse problems) {
    router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
    router.route(PREFIX + "/*").handler(access.require(Role.OPERATOR, problems));
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
      body = null;
    }
    if (body == null) {
      problems.accept(ctx, new Refusal.BadRequest("the body must be a twin declaration in JSON"));
      return;
    }
    Twin twin;
    try {
      twin = RegistryCodec.twinFromJson(body, "twin", adapters.types());
      Catalog.of(state.current().catalog().registry().with(twin));
    } catch (RegistryException e) {
      problems.accept(ctx, new SchemaViolation(e.getMessage(), e.errors()));
      return;
    } catch (IllegalArgumentException e) {
      problems.accept(ctx, new SchemaViolation(e.getMessage(), List.of()));
      return;
    }
    if (!twin.name().equals(name)) {
      problems.accept(ctx, new Refusal.BadRequest(
          "the twin's id ends in '" + twin.name() + "', not in '" + name + "' as the path says"));
      return;
    }
    JsonObject declaration = body;
    // a changed adapter declaration gets its adapter before the change is recorded: one that cannot
    // be created is refused, naming why, and nothing is recorded or changed
    state.change(current -> adapters.prepare(current.catalog(), twin, "twin")
            .recover(failure -> new SchemaViolation(failure.getMessage(), ((RegistryException) failure).errors())
                .fail())
            .map(prepared -> current.with(current.catalog().with(twin, prepared))),
        () -> record(ctx, RegistryRecord.Action.PUT, name, declaration))
        .onSuccess(index -> changed(ctx, RegistryRecord.Action.PUT, name, index))
        .onFailure(failure -> problems.accept(ctx, refusal(failure)));
  }

  private void deleteTwin(RoutingContext ctx, BiConsumer<RoutingContext, Refusal> problems) {
    String name = ctx.pathParam("twin");
    if (state.current().catalog().registry().twin(name).isEmpty()) {
      problems.accept(ctx, new Refusal.UnknownTarget("no twin named '" + name + "'"));
      return;
    }
    state.change(current -> Future.succeededFuture(current.catalog().registry().twin(name).isEmpty() ? current
            : current.with(current.catalog().without(name))),
        () -> record(ctx, RegistryRecord.Action.DELETE, name, new JsonObject()))
        .onSuccess(index -> changed(ctx, RegistryRecord.Action.DELETE, name, index))
        .onFailure(failure -> problems.accept(ctx, refusal(failure)));
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
    state.change(current -> Future.succeededFuture(current.with(next)),
            () -> record(ctx, RegistryRecord.Action.MODE, null, new JsonObject().put("mode", next.wireName())))
        .onSuccess(index -> ctx.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("mode", next.wireName()).put("audit_index", index).toBuffer()))
        .onFailure(failure -> problems.accept(ctx, refusal(failure)));
  }

  private static void changed(RoutingContext ctx, RegistryRecord.Action action, String name, long index) {
    ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("action", action.wireName()).put("twin", name).put("audit_index", index).toBuffer());
  }

  /** A refusal as it is (an adapter that cannot be created, the cluster); any other failure is the audit log's. */
  private static Refusal refusal(Throwable failure) {
    return failure instanceof Refused refused ? refused.refusal() : auditUnavailable();
  }

  private Future<Long> record(RoutingContext ctx, RegistryRecord.Action action, String twin, JsonObject declaration) {
    return audit.append(AuditRecord.of(new RegistryRecord(clock.instant(), ApiAccess.caller(ctx).id(), action, twin,
        ContentDigest.create(declaration.toBuffer().getBytes(), DigestAlgorithm.SHA_256))));
  }

  private static Refusal auditUnavailable() {
    return new Refusal.AuditUnavailable("the audit log could not record the change; nothing was changed");
  }
}
