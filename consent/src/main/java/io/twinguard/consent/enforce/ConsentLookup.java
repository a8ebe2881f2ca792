package io.twinguard.consent.enforce;

import io.twinguard.consent.store.HeadStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The broker's consent lookup, in the policy input's shape, with a cache per (subject, recipient
 * organisation). Shaped like the broker's {@code ConsentSource}: pass {@code lookup::consentsOf}.
 *
 * <p>Guaranteed: a lookup never returns a version older than one whose change was announced to
 * this process before the lookup started: a change drops the subject's entries and bumps an epoch,
 * and a database read that overlapped any drop is returned but not cached. When the change feed is
 * not trusted (LISTEN down, liveness not renewed) every lookup reads the database. Returned objects
 * are copies.
 */
public final class ConsentLookup {

  private record Key(String subject, String recipientOrg) {}

  private final Pool pool;
  private final HeadStore heads = new HeadStore();
  private final int maxEntries;
  private final Map<Key, List<JsonObject>> cache = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  private volatile BooleanSupplier trusted = () -> false;

  public ConsentLookup(Pool pool, int maxEntries) {
    this.pool = pool;
    this.maxEntries = maxEntries;
  }

  /** Uses the cache only while {@code trusted} says so (the change feed's state). */
  public void trustWhile(BooleanSupplier trusted) {
    this.trusted = trusted;
  }

  /**
   * The consent records of {@code subjects} given to {@code recipientOrg}, whatever their status,
   * as the policies read them ({@code consents[]} of the policy input, with {@code version}).
   */
  public Future<List<JsonObject>> consentsOf(List<String> subjects, String recipientOrg) {
    Set<String> wanted = new LinkedHashSet<>(subjects);
    if (!trusted.getAsBoolean()) {
      return read(List.copyOf(wanted), recipientOrg).map(ConsentLookup::flatten);
    }
    List<JsonObject> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String subject : wanted) {
      List<JsonObject> hit = cache.get(new Key(subject, recipientOrg));
      if (hit == null) {
        missing.add(subject);
      } else {
        hit.forEach(view -> found.add(view.copy()));
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(found);
    }
    long before = epoch.get();
    return read(missing, recipientOrg).map(read -> {
      if (epoch.get() == before && trusted.getAsBoolean()) {
        if (cache.size() + read.size() > maxEntries) {
          cache.clear();
        }
        read.forEach((subject, views) -> cache.put(new Key(subject, recipientOrg), views));
      }
      read.values().forEach(views -> views.forEach(view -> found.add(view.copy())));
      return found;
    });
  }

  /** Drops every cached entry of a subject. */
  public void drop(String subject) {
    epoch.incrementAndGet();
    cache.keySet().removeIf(key -> key.subject().equals(subject));
  }

  /** Drops every cached entry. */
  public void dropAll() {
    epoch.incrementAndGet();
    cache.clear();
  }

  private Future<Map<String, List<JsonObject>>> read(List<String> subjects, String recipientOrg) {
    return heads.policyViews(pool, subjects, recipientOrg).map(views -> {
      Map<String, List<JsonObject>> bySubject = new java.util.LinkedHashMap<>();
      subjects.forEach(subject -> bySubject.put(subject, new ArrayList<>()));
      views.forEach(view -> bySubject.get(view.subject()).add(view.policyView()));
      bySubject.replaceAll((subject, list) -> List.copyOf(list));
      return bySubject;
    });
  }

  private static List<JsonObject> flatten(Map<String, List<JsonObject>> bySubject) {
    List<JsonObject> out = new ArrayList<>();
    bySubject.values().forEach(out::addAll);
    return out;
  }
}
