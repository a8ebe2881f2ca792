package io.twinguard.broker.adapter;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.Health;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.registry.Reach;
import io.twinguard.broker.server.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code adapters} check of {@code /ready}: each running adapter's {@link Health}, asked anew on
 * every probe and bounded by {@link #TIMEOUT} (an adapter that does not answer in time counts as down).
 * Ready when every adapter is up; calls to other twins are served either way. The body names each
 * twin with its adapter type, whether it is up and what its check found:
 * {@code {"ready": true, "twins": {"bus-open-data": {"type": "rest-mapping", "up": true, "detail": "..."}}}}.
 */
public final class AdapterReadiness implements Readiness {

  private static final String NAME = "adapters";

  /** How long one adapter's health may take: an adapter that cannot say within it is not serving. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final Supplier<Catalog> catalog;
  private volatile Check last = new Check(NAME, true, new JsonObject().put("twins", new JsonObject()));

  public AdapterReadiness(Vertx vertx, Supplier<Catalog> catalog) {
    this.vertx = vertx;
    this.catalog = catalog;
  }

  /** The result of the last probe. */
  @Override
  public Check check() {
    return last;
  }

  @Override
  public Future<Check> probe() {
    Catalog now = catalog.get();
    List<String> names = new ArrayList<>(now.adapters().keySet());
    List<Future<Health>> healths = names.stream().map(name -> bounded(now.adapters().get(name))).toList();
    return Future.join(healths).otherwiseEmpty().map(all -> {
      JsonObject twins = new JsonObject();
      boolean up = true;
      for (int i = 0; i < names.size(); i++) {
        Health health = healths.get(i).result();
        up &= health.up();
        twins.put(names.get(i), new JsonObject().put("type", type(now, names.get(i))).put("up", health.up())
            .put("detail", health.detail()));
      }
      for (String missing : notRunning(now)) {
        up = false;
        twins.put(missing, new JsonObject().put("type", type(now, missing)).put("up", false)
            .put("detail", "the adapter does not run"));
      }
      last = new Check(NAME, up, new JsonObject().put("twins", twins));
      return last;
    });
  }

  private Future<Health> bounded(Adapter adapter) {
    Promise<Health> health = Promise.promise();
    long timer = vertx.setTimer(TIMEOUT.toMillis(), id -> health.tryComplete(
        Health.down("no answer to the health check within " + TIMEOUT.toMillis() + " ms")));
    adapter.health()
        .otherwise(failure -> Health.down("the health check failed"))
        .onSuccess(result -> {
          vertx.cancelTimer(timer);
          health.tryComplete(result);
        });
    return health.future();
  }

  private static String type(Catalog catalog, String twin) {
    return catalog.registry().twin(twin).map(t -> ((Reach.Adapted) t.reach()).type()).orElse("");
  }

  /** Twins that declare an adapter which does not run (a catalog made without adapters). */
  private static List<String> notRunning(Catalog catalog) {
    return catalog.registry().twins().stream()
        .filter(twin -> twin.reach() instanceof Reach.Adapted && catalog.adapter(twin.name()).isEmpty())
        .map(twin -> twin.name())
        .toList();
  }
}
