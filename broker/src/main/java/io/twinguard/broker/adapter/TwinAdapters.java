package io.twinguard.broker.adapter;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.SettingsException;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.registry.Reach;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryException;
import io.twinguard.broker.registry.Twin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates, replaces and closes the adapters of the twins that declare one: all of them when the
 * registry is loaded, one when an administrator puts a twin. A twin put again with the same
 * declaration keeps its running adapter; one whose declaration changed gets a new adapter, and the
 * old one is closed once its calls in flight ended. Only the adapter SPI is used here: which
 * adapter types exist is decided where {@link Adapters} is made ({@code twinguard serve}).
 */
public final class TwinAdapters {

  private final Vertx vertx;
  private final Adapters adapters;

  public TwinAdapters(Vertx vertx, Adapters adapters) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.adapters = Objects.requireNonNull(adapters, "adapters");
  }

  /** The adapter types, which validate declarations. */
  public Adapters types() {
    return adapters;
  }

  /**
   * Creates the adapter of every twin of {@code registry} that declares one. Fails with a {@link
   * RegistryException} naming each twin whose adapter could not be created (its path {@code
   * twins[i].adapter...}), after closing those that were.
   */
  public Future<Map<String, Adapter>> start(Registry registry) {
    Map<String, Future<Adapter>> created = new LinkedHashMap<>();
    List<Twin> twins = registry.twins();
    for (int i = 0; i < twins.size(); i++) {
      Twin twin = twins.get(i);
      if (twin.reach() instanceof Reach.Adapted) {
        created.put(twin.name(), create(twin, "twins[" + i + "].adapter"));
      }
    }
    return Future.join(List.copyOf(created.values())).transform(all -> {
      Map<String, Adapter> running = new HashMap<>();
      List<String> errors = new ArrayList<>();
      created.forEach((name, adapter) -> {
        if (adapter.succeeded()) {
          running.put(name, adapter.result());
        } else {
          errors.addAll(errors(adapter.cause()));
        }
      });
      if (errors.isEmpty()) {
        return Future.succeededFuture(running);
      }
      running.values().forEach(Adapter::close);
      return Future.failedFuture(new RegistryException(errors, null));
    });
  }

  /**
   * The adapter {@code twin} is to be served by once it is put into {@code current}: empty for a
   * twin reached at its endpoint, the running one when its declaration is unchanged, else a new one.
   * Fails with a {@link RegistryException} naming why the adapter could not be created.
   *
   * @param path where the twin's declaration sits, e.g. {@code twin}
   */
  public Future<Optional<Adapter>> prepare(Catalog current, Twin twin, String path) {
    if (!(twin.reach() instanceof Reach.Adapted)) {
      return Future.succeededFuture(Optional.empty());
    }
    Optional<Adapter> running = current.adapter(twin.name());
    boolean unchanged = current.registry().twin(twin.name()).map(Twin::reach).filter(twin.reach()::equals).isPresent();
    if (unchanged && running.isPresent()) {
      return Future.succeededFuture(running);
    }
    return create(twin, path + ".adapter").transform(done -> done.succeeded()
        ? Future.succeededFuture(Optional.of(done.result()))
        : Future.failedFuture(new RegistryException(errors(done.cause()), done.cause())));
  }

  /**
   * The registry {@code next} served as {@code current}'s twins would be after the change: the
   * adapter running in {@code current} for each twin whose declaration is unchanged, a new one for
   * each other twin that declares one (a registry change made at another broker of a cluster). A twin
   * whose adapter cannot be created is taken without one, so that its calls are refused as unavailable
   * and {@code /ready} names it, never served by the adapter its old declaration had; {@link
   * Adopted#errors} says why. Nothing is retired here: see {@link #retireReplaced}.
   *
   * @throws IllegalArgumentException (failing the future) when {@code next}'s schemas do not compile;
   *     the adapters it created are closed then
   */
  public Future<Adopted> adopt(Catalog current, Registry next) {
    List<Twin> twins = next.twins();
    List<Future<Optional<Adapter>>> prepared = new ArrayList<>();
    for (int i = 0; i < twins.size(); i++) {
      prepared.add(prepare(current, twins.get(i), "twins[" + i + "]"));
    }
    return Future.join(prepared).otherwiseEmpty().compose(all -> {
      Map<String, Adapter> running = new HashMap<>();
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < twins.size(); i++) {
        Future<Optional<Adapter>> adapter = prepared.get(i);
        if (adapter.succeeded()) {
          String name = twins.get(i).name();
          adapter.result().ifPresent(a -> running.put(name, a));
        } else {
          errors.addAll(((RegistryException) adapter.cause()).errors());
        }
      }
      try {
        return Future.succeededFuture(new Adopted(Catalog.of(next, running), errors));
      } catch (IllegalArgumentException e) {
        retire(running.values(), current);
        return Future.failedFuture(e);
      }
    });
  }

  /**
   * A registry adopted from elsewhere with the adapters serving it.
   *
   * @param errors why the adapters of some twins could not be created, each as {@code path: problem}
   */
  public record Adopted(Catalog catalog, List<String> errors) {
    public Adopted {
      Objects.requireNonNull(catalog, "catalog");
      errors = List.copyOf(errors);
    }
  }

  /**
   * Retires every adapter of {@code before} that {@code after} does not run: once a change has taken
   * {@code after} in place of {@code before}, the adapters it replaced or removed; once a prepared
   * change was dropped ({@code before} the prepared catalog, {@code after} the one in force), those
   * created for it. Each is closed once its calls in flight ended.
   */
  public static void retireReplaced(Catalog before, Catalog after) {
    retire(before.adapters().values(), after);
  }

  private static void retire(Collection<Adapter> adapters, Catalog kept) {
    adapters.stream().filter(adapter -> kept.adapters().values().stream().noneMatch(running -> running == adapter))
        .forEach(TwinAdapters::retireNow);
  }

  /** Closes every adapter of {@code catalog}; never fails. */
  public static Future<Void> closeAll(Catalog catalog) {
    return Future.join(catalog.adapters().values().stream().map(Adapter::close).toList()).otherwiseEmpty().mapEmpty();
  }

  private static void retireNow(Adapter adapter) {
    if (adapter instanceof LiveAdapter live) {
      live.retire();
    } else {
      adapter.close();
    }
  }

  private Future<Adapter> create(Twin twin, String path) {
    Reach.Adapted adapted = (Reach.Adapted) twin.reach();
    Future<Adapter> created;
    try {
      created = adapters.create(vertx, twin.id(), adapted.declaration(), path);
    } catch (RuntimeException e) {
      created = Future.failedFuture(e);
    }
    return created.<Adapter>map(adapter -> new LiveAdapter(adapter, adapted.type()))
        .recover(failure -> Future.failedFuture(new CreationFailed(path, failure)));
  }

  private static List<String> errors(Throwable failure) {
    CreationFailed failed = (CreationFailed) failure;
    Throwable cause = failed.getCause();
    if (cause instanceof SettingsException settings) {
      return settings.errors();
    }
    String why = cause instanceof AdapterException adapter ? adapter.failure().detail()
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return List.of(failed.path + ": the adapter could not be created: " + why);
  }

  /** Carries the path of the declaration whose adapter could not be created. */
  private static final class CreationFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    CreationFailed(String path, Throwable cause) {
      super(path, cause, false, false);
      this.path = path;
    }
  }
}
