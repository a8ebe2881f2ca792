package io.twinguard.broker.cluster;

import io.twinguard.broker.arbitration.LeaseResult;
import io.twinguard.broker.arbitration.Leases;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Actuator leases shared by every broker of a cluster, with the rules of {@code ActuatorLeases}:
 * a live lease held by another caller at a higher priority refuses the command, naming the holder;
 * an equal or higher priority takes it over; all or nothing. The leases of one target twin are
 * read and written under a cluster lock named by the twin (a Hazelcast IMap lock, released when
 * its holder's member leaves), so two brokers never grant one actuator at once. Each lease is a
 * cluster map entry that expires after the lease time, so the leases of a broker that died go
 * after that time. When the lock or map does not answer within the timeout the command is refused
 * ({@link Refusal.ClusterUnavailable}).
 */
final class ClusterLeases implements Leases {

  /** The cluster map of leases: actuator key to the lease as JSON. */
  static final String MAP = "twinguard.leases";

  private final SharedData shared;
  private final Future<AsyncMap<String, String>> map;
  private final Clock clock;
  private final Duration ttl;
  private final Duration timeout;

  ClusterLeases(SharedData shared, Future<AsyncMap<String, String>> map, Clock clock, Duration ttl,
      Duration timeout) {
    this.shared = shared;
    this.map = map;
    this.clock = clock;
    this.ttl = ttl;
    this.timeout = timeout;
  }

  @Override
  public Future<LeaseResult> acquire(String caller, List<String> actuators, int priority) {
    return locked(twinOf(actuators), () -> map.compose(leases -> Future.all(actuators.stream().map(leases::get).toList())
        .compose(held -> {
          Instant now = clock.instant();
          for (int i = 0; i < actuators.size(); i++) {
            String value = held.resultAt(i);
            if (value == null) {
              continue;
            }
            JsonObject lease = new JsonObject(value);
            Instant expires = Instant.ofEpochMilli(lease.getLong("expires"));
            String holder = lease.getString("holder");
            int holderPriority = lease.getInteger("priority");
            if (expires.isAfter(now) && !holder.equals(caller) && holderPriority > priority) {
              return Future.succeededFuture(new LeaseResult.Refused(actuators.get(i), holder, holderPriority, expires));
            }
          }
          Instant expires = now.plus(ttl);
          String lease = new JsonObject().put("holder", caller).put("priority", priority)
              .put("expires", expires.toEpochMilli()).encode();
          return Future.all(actuators.stream().map(actuator -> leases.put(actuator, lease, ttl.toMillis())).toList())
              .map(done -> new LeaseResult.Granted(expires));
        })));
  }

  @Override
  public Future<Void> release(String caller, List<String> actuators) {
    return locked(twinOf(actuators), () -> map.compose(leases -> Future.all(actuators.stream()
        .map(actuator -> leases.get(actuator).compose(value -> value != null
            && caller.equals(new JsonObject(value).getString("holder"))
            ? leases.removeIfPresent(actuator, value).mapEmpty()
            : Future.succeededFuture()))
        .toList()).mapEmpty()));
  }

  /** Runs {@code action} under the cluster lock of {@code twin}; a slow or absent cluster is a refusal. */
  private <T> Future<T> locked(String twin, Supplier<Future<T>> action) {
    return shared.getLockWithTimeout("twinguard.leases." + twin, timeout.toMillis())
        .compose(lock -> action.get().andThen(done -> lock.release()))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> new Refusal.ClusterUnavailable(
            "the brokers' shared actuator leases could not be reached; nothing was moved, try again").fail());
  }

  /** The target twin of actuator keys {@code twin id#actuator}; a command moves the actuators of one twin. */
  private static String twinOf(List<String> actuators) {
    String twin = actuators.get(0).substring(0, actuators.get(0).indexOf('#'));
    if (actuators.stream().anyMatch(actuator -> !actuator.startsWith(twin + "#"))) {
      throw new IllegalArgumentException("the actuators of one command belong to one twin");
    }
    return twin;
  }
}
