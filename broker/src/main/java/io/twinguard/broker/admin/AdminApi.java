package io.twinguard.broker.admin;

import io.twinguard.adapters.Adapter;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin REST API: read the registry, add, replace or remove a twin, and switch the ecosystem's
 * mode. Only operators may use it ({@link Role#OPERATOR}: an administrator's certificate or a token
 * with the role, see {@link ApiAccess}). Every change is recorded in the audit log
 * ({@code kind: registry}) before it takes effect; when the record cannot be made durable the
 * change is refused. A twin put with a new adapter declaration (a changed REST mapping, say) gets
 * its new adapter without a restart; one whose adapter cannot be created is refused with the paths
 * of the errors, and nothing changes. Changes are made one at a time, each on the registry as the one before left
 * it, so that concurrent changes are never lost.
 */
public final class AdminApi implements Api {

  /** The path prefix of the admin API. */
  public static final String PREFIX = "/v1/admin";

  private final AtomicReference<Catalog> catalog;
  private final AtomicReference<PolicyInputs.Mode> mode;
  private final ApiAccess access;
  private final AuditTrail audit;
  private final TwinAdapters adapters;
  private final Clock clock;
  private Future<?> lastChange = Future.succeededFuture();

  /**
   * @param access who may use the API: operators
   * @param adapters validates a twin's adapter declaration and creates its adapter
   */
  public AdminApi(AtomicReference<Catalog> catalog, AtomicReference<PolicyInputs.Mode> mode,
      ApiAccess access, AuditTrail audit, TwinAdapters adapters, Clock clock) {
    this.catalog = catalog;
    this.mode = mode;
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
        .end(RegistryCodec.toJson(catalog.get().registry()).toBuffer()));
    router.put(PREFIX + "/twins/:twin").handler(ctx -> putTwin(ctx, problems));
    router.delete(PREFIX + "/twins/:twin").handler(ctx -> deleteTwin(ctx, problems));
    router.get(PREFIX + "/mode").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("mode", mode.get().wireName()).toBuffer()));
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
      Catalog.of(catalog.get().registry().with(twin));
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
    serially(() -> adapters.prepare(catalog.get(), twin, "twin")
        .recover(failure -> new SchemaViolation(failure.getMessage(), ((RegistryException) failure).errors())
            .<Optional<Adapter>>fail())
        .compose(prepared -> change(ctx, RegistryRecord.Action.PUT, name, declaration,
                current -> current.with(twin, prepared))
            .onFailure(failure -> adapters.retire(prepared, catalog.get().adapter(name)))))
        .onSuccess(index -> changed(ctx, RegistryRecord.Action.PUT, name, index))
        .onFailure(failure -> problems.accept(ctx, refusal(failure)));
  }

  private void deleteTwin(RoutingContext ctx, BiConsumer<RoutingContext, Refusal> problems) {
    String name = ctx.pathParam("twin");
    if (catalog.get().registry().twin(name).isEmpty()) {
      problems.accept(ctx, new Refusal.UnknownTarget("no twin named '" + name + "'"));
      return;
    }
    serially(() -> change(ctx, RegistryRecord.Action.DELETE, name, new JsonObject(),
            current -> current.registry().twin(name).isEmpty() ? current : current.without(name)))
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
    serially(() -> record(ctx, RegistryRecord.Action.MODE, null, new JsonObject().put("mode", next.wireName()))
        .onSuccess(index -> mode.set(next)))
        .onSuccess(index -> ctx.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("mode", next.wireName()).put("audit_index", index).toBuffer()))
        .onFailure(failure -> problems.accept(ctx, auditUnavailable()));
  }

  /**
   * Records a change of the twin {@code name}, then applies it to the registry in force; the adapter
   * the change replaced (or removed) is retired, closed once its calls in flight ended.
   */
  private Future<Long> change(RoutingContext ctx, RegistryRecord.Action action, String name, JsonObject declaration,
      Function<Catalog, Catalog> apply) {
    return record(ctx, action, name, declaration).onSuccess(index -> {
      Catalog[] before = new Catalog[1];
      Catalog after = catalog.updateAndGet(current -> {
        before[0] = current;
        return apply.apply(current);
      });
      adapters.retire(before[0].adapter(name), after.adapter(name));
    });
  }

  private static void changed(RoutingContext ctx, RegistryRecord.Action action, String name, long index) {
    ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("action", action.wireName()).put("twin", name).put("audit_index", index).toBuffer());
  }

  private static Refusal refusal(Throwable failure) {
    return failure instanceof Refused refused ? refused.refusal() : auditUnavailable();
  }

  /** Runs {@code change} once every change before it has completed. */
  private synchronized <T> Future<T> serially(Supplier<Future<T>> change) {
    Future<T> next = lastChange.transform(previous -> change.get());
    lastChange = next;
    return next;
  }

  private Future<Long> record(RoutingContext ctx, RegistryRecord.Action action, String twin, JsonObject declaration) {
    return audit.append(AuditRecord.of(new RegistryRecord(clock.instant(), ApiAccess.caller(ctx).id(), action, twin,
        ContentDigest.create(declaration.toBuffer().getBytes(), DigestAlgorithm.SHA_256))));
  }

  private static Refusal auditUnavailable() {
    return new Refusal.AuditUnavailable("the audit log could not record the change; nothing was changed");
  }
}
